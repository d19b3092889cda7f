namespace Loom.UseCases;

/// <summary>A call of a use case by name, as it crosses the wire. JSON travels as UTF-8 bytes, read without decoding.</summary>
/// <param name="UseCase">The registered name of the use case.</param>
/// <param name="Parameters">A UTF-8 JSON object of parameter values by name, or null when the use case takes none.</param>
/// <param name="Payload">The UTF-8 JSON payload its command is built from, or null when it has no command.</param>
/// <param name="IdempotencyKey">
/// For a write use case, a key of the caller's choosing that makes a retry safe: a second call with the
/// same key returns the first one's committed result (or its typed error) instead of executing again,
/// for <c>Loom:UseCases:IdempotencyRetention</c>. Read-only use cases ignore it.
/// </param>
[GenerateSerializer, Immutable]
public sealed record UseCaseRequest(
    [property: Id(0)] string UseCase,
    [property: Id(1)] byte[]? Parameters = null,
    [property: Id(2)] byte[]? Payload = null,
    [property: Id(3)] string? IdempotencyKey = null);
