using Loom.Errors;

namespace Loom.UseCases;

/// <summary>The recorded outcome of a use case's first execution under an idempotency key.</summary>
/// <param name="Result">Its result as UTF-8 JSON, when it succeeded.</param>
/// <param name="Error">Its typed error, when it failed.</param>
[GenerateSerializer, Immutable]
public sealed record IdempotentOutcome([property: Id(0)] byte[]? Result, [property: Id(1)] LoomError? Error);
