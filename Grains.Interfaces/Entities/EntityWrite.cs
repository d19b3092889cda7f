using Loom.UseCases;

namespace Loom.Entities;

/// <summary>
/// What a write to an entity replaced, and the version the write made; for a write that records an
/// idempotency receipt, also what recording it came to.
/// </summary>
[GenerateSerializer]
public sealed record EntityWrite<TEntity>(
    [property: Id(0)] TEntity? Previous,
    [property: Id(1)] long Version,
    [property: Id(2)] ReceiptRecording? Recording = null)
    where TEntity : class;
