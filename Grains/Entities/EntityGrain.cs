using Orleans.Transactions.Abstractions;

namespace Loom.Entities;

/// <summary>Holds one entity in transactional state; the repository is its only caller.</summary>
public sealed class EntityGrain<TEntity>(
    [TransactionalState("entity")] ITransactionalState<EntityState<TEntity>> state)
    : Grain, IEntityGrain<TEntity>
    where TEntity : class
{
    /// <inheritdoc />
    public Task<TEntity?> GetAsync() => state.PerformRead(s => s.Value);

    /// <inheritdoc />
    public Task<TEntity?> SaveAsync(TEntity entity) => state.PerformUpdate(s =>
    {
        var previous = s.Value;
        s.Value = entity;
        return previous;
    });

    /// <inheritdoc />
    public Task<TEntity?> DeleteAsync() => state.PerformUpdate(s =>
    {
        var previous = s.Value;
        s.Value = null;
        return previous;
    });
}
