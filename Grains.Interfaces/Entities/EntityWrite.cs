using Loom.UseCases;

namespace Loom.Entities;

/// <summary>
/// What a write to an entity replaced, and the version the write made; or, for a write that records an
/// idempotency receipt, the receipt already recorded under its key, in which case nothing was written.
/// </summary>
[GenerateSerializer]
public sealed record EntityWrite<TEntity>(
    [property: Id(0)] TEntity? Previous,
    [property: Id(1)] long Version,
    [property: Id(2)] IdempotencyReceipt? Recorded = null)
    where TEntity : class;
