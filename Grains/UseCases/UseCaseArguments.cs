using System.Buffers.Binary;
using System.Numerics;
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
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Parameters.Span, digest);
        var parameters = BinaryPrimitives.ReadUInt64LittleEndian(digest);
        SHA256.HashData(Payload.Span, digest);
        // Rotated, so that parameters and a payload that trade places do not hash alike.
        var fingerprint = (long)(BitOperations.RotateLeft(parameters, 1) ^ BinaryPrimitives.ReadUInt64LittleEndian(digest));
        return fingerprint != 0 ? fingerprint : 1;
    }

    /// <summary>Arguments from JSON text.</summary>
    public static UseCaseArguments FromJson(string? parameters, string? payload) => new(
        parameters is null ? default : Encoding.UTF8.GetBytes(parameters),
        payload is null ? default : Encoding.UTF8.GetBytes(payload));
}
