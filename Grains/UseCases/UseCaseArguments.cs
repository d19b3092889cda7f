using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Loom.UseCases;

/// <summary>
/// What a caller passes to a use case, as UTF-8 JSON: an object of parameter values by name, and the
/// payload its command is built from. Empty means absent. The executor reads both without building a
/// document, straight into the declared types.
/// </summary>
/// <param name="Parameters">A JSON object of parameter values by name.</param>
/// <param name="Payload">The JSON object the command is built from.</param>
public readonly record struct UseCaseArguments(ReadOnlyMemory<byte> Parameters = default, ReadOnlyMemory<byte> Payload = default)
{
    /// <summary>Arguments from plain .NET values: an object or dictionary of parameters, and a command payload.</summary>
    public static UseCaseArguments From(object? parameters = null, object? payload = null) =>
        new(LoomJson.ToUtf8(parameters), LoomJson.ToUtf8(payload));

    /// <summary>A hash of the parameters and the payload as sent, never 0: what a retry under an idempotency key must repeat.</summary>
    internal long Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(length, Parameters.Length);
        hash.AppendData(length);
        hash.AppendData(Parameters.Span);
        hash.AppendData(Payload.Span);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return BinaryPrimitives.ReadInt64LittleEndian(digest) is var fingerprint && fingerprint != 0 ? fingerprint : 1;
    }

    /// <summary>Arguments from JSON text.</summary>
    public static UseCaseArguments FromJson(string? parameters, string? payload) => new(
        parameters is null ? default : Encoding.UTF8.GetBytes(parameters),
        payload is null ? default : Encoding.UTF8.GetBytes(payload));
}
