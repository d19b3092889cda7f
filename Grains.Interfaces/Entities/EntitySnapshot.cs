namespace Loom.Entities;

/// <summary>An entity's value at one version; a null value means it did not exist.</summary>
[GenerateSerializer]
public sealed record EntitySnapshot<TEntity>([property: Id(0)] TEntity? Value, [property: Id(1)] long Version)
    where TEntity : class;
