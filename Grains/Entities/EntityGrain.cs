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
    private static readonly string EntityName = typeof(TEntity).FullName ?? typeof(TEntity).Name;

    /// <inheritdoc />
    public Task<TEntity?> GetAsync() => state.PerformRead(s => s.Value);

    /// <inheritdoc />
    public Task<EntitySnapshot<TEntity>> ReadAsync() => state.PerformRead(s => new EntitySnapshot<TEntity>(s.Value, s.Version));

    /// <inheritdoc />
    public Task<EntityWrite<TEntity>> WriteAsync(TEntity? value, long? expectedVersion) => state.PerformUpdate(s =>
    {
        if (expectedVersion is { } expected && s.Version != expected)
        {
            throw new StaleEntity(EntityName, this.GetPrimaryKeyString(), expected, s.Version);
        }

        var previous = s.Value;
        s.Value = value;
        s.Version++;
        return new EntityWrite<TEntity>(previous, s.Version);
    });

    /// <inheritdoc />
    public Task ConfirmAsync(long version) => state.PerformRead(s => s.Version == version
        ? true
        : throw new StaleEntity(EntityName, this.GetPrimaryKeyString(), version, s.Version));
}
