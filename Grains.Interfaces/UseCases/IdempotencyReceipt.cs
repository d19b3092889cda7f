using Loom.Errors;

namespace Loom.UseCases;

/// <summary>
/// The outcome of a write use case's first execution under an idempotency key, as recorded on the
/// entity the call anchors on: the result it committed, or the typed error it failed with.
/// </summary>
/// <param name="Key">The use case's name and the caller's key, as <c>{use case}/{key}</c>.</param>
/// <param name="Result">The result as UTF-8 JSON, when the execution succeeded.</param>
/// <param name="Error">The typed error, when it failed.</param>
/// <param name="RecordedAt">When the outcome was recorded: it is answered again until the retention has passed.</param>
/// <param name="Fingerprint">
/// A hash of the first execution's parameters and payload, which a retry under the key must repeat;
/// 0 for a receipt recorded before fingerprints were kept, which any retry may read.
/// </param>
[GenerateSerializer, Immutable]
public sealed record IdempotencyReceipt(
    [property: Id(0)] string Key,
    [property: Id(1)] byte[]? Result,
    [property: Id(2)] LoomError? Error,
    [property: Id(3)] DateTimeOffset RecordedAt,
    [property: Id(4)] long Fingerprint);
