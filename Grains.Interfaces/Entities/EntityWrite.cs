namespace Loom.Entities;

/// <summary>What a write to an entity replaced, and the version the write made.</summary>
[GenerateSerializer]
public sealed record EntityWrite<TEntity>([property: Id(0)] TEntity? Previous, [property: Id(1)] long Version)
    where TEntity : class;
