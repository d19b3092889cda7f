namespace Loom.Errors;

/// <summary>A string offered as an artifact id is not 64 lower-case hexadecimal characters.</summary>
[GenerateSerializer]
public sealed class MalformedArtifactId : LoomError
{
    /// <summary>Creates the error for the offending value.</summary>
    public MalformedArtifactId(string value)
        : base($"'{Shorten(value)}' is not an artifact id: an id is the SHA-256 of the content as 64 lower-case hexadecimal characters.") => Value = value;

    /// <summary>The value refused.</summary>
    [Id(0)]
    public string Value { get; }

    /// <inheritdoc />
    public override string Code => "artifact_id_malformed";

    private static string Shorten(string value) => value.Length <= 80 ? value : $"{value[..77]}...";
}
