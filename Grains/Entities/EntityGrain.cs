using Orleans.Concurrency;
using Orleans.Transactions.Abstractions;

namespace Loom.Entities;

/// <summary>Holds one entity in transactional state; the repository is its only caller.</summary>
/// <remarks>
/// Reentrant because the transactional lock, not the grain turn, guards the state: a caller waiting
/// for the lock must not stop the lock holder's next call from reaching the grain.
/// </remarks>
[Reentrant]
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
