using System.Security.Cryptography;
using Loom.Errors;

namespace Loom.Runs.Storage;

/// <summary>
/// The id of a content-addressed artifact: the SHA-256 of its bytes as 64 lower-case hexadecimal
/// characters. Equal content has equal ids, so an id names one content forever.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record ArtifactId
{
    private const int Length = SHA256.HashSizeInBytes * 2;

    private ArtifactId(string value) => Value = value;

    /// <summary>The id as 64 lower-case hexadecimal characters.</summary>
    [Id(0)]
    public string Value { get; }

    /// <summary>The id of <paramref name="content"/>.</summary>
    public static ArtifactId Of(ReadOnlySpan<byte> content) => new(Convert.ToHexStringLower(SHA256.HashData(content)));

    /// <summary>Reads an id written by <see cref="ToString"/>.</summary>
    /// <exception cref="MalformedArtifactId">The value is not 64 lower-case hexadecimal characters.</exception>
    public static ArtifactId Parse(string value) => TryParse(value, out var id) ? id : throw new MalformedArtifactId(value ?? "");

    /// <summary>Reads an id, or returns false when the value is not 64 lower-case hexadecimal characters.</summary>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ArtifactId? id)
    {
        // Upper case is refused rather than folded: an id is also a table key, and one content must have one key.
        id = value is { Length: Length } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f') ? new ArtifactId(value) : null;
        return id is not null;
    }

    /// <summary>Whether <paramref name="content"/> is the content this id names.</summary>
    public bool Matches(ReadOnlySpan<byte> content) => Of(content) == this;

    /// <summary>The id as 64 lower-case hexadecimal characters.</summary>
    public override string ToString() => Value;
}
