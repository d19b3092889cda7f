using Loom.UseCases;

namespace Loom.Entities;

/// <summary>The transactional state of one entity grain: the entity, or null when it does not exist.</summary>
[GenerateSerializer]
public sealed class EntityState<TEntity>
    where TEntity : class
{
    /// <summary>The current value; null when the entity does not exist (never created, or deleted).</summary>
    [Id(0)]
    public TEntity? Value { get; set; }

    /// <summary>How many times the entity has been written: what an optimistic writer checks before writing.</summary>
    [Id(1)]
    public long Version { get; set; }

    /// <summary>The idempotency receipts of the calls anchored on this entity; null while there are none.</summary>
    [Id(2)]
    public AnchoredReceipts? Receipts { get; set; }
}
