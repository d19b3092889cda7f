using Loom.UseCases;
using Orleans.Concurrency;

namespace Loom.Entities;

/// <summary>One entity of type <typeparamref name="TEntity"/>, keyed by its id, with transactional state.</summary>
public interface IEntityGrain<TEntity> : IIdempotencyAnchor
    where TEntity : class
{
    /// <summary>Reads the entity, joining the caller's transaction or running in a read-only one of its own.</summary>
    [Transaction(TransactionOption.CreateOrJoin)]
    [ReadOnly]
    Task<TEntity?> GetAsync();

    /// <summary>Reads the entity and its version within the caller's transaction; in a Loom unit of work the read takes an exclusive lock.</summary>
    [Transaction(TransactionOption.Join)]
    [ReadOnly]
    Task<EntitySnapshot<TEntity>> ReadAsync();

    /// <summary>
    /// Replaces the entity (null deletes it) within the caller's transaction. With <paramref name="expectedVersion"/>
    /// it throws <see cref="StaleEntity"/> instead when the entity is at another version. With
    /// <paramref name="receipt"/> it records the receipt with the value, unless one is recorded under its
    /// key already: then it writes nothing and returns that one in <see cref="EntityWrite{TEntity}.Recording"/>.
    /// </summary>
    [Transaction(TransactionOption.Join)]
    Task<EntityWrite<TEntity>> WriteAsync(TEntity? value, long? expectedVersion, IdempotencyReceipt? receipt = null);

    /// <summary>Locks the entity within the caller's transaction and throws <see cref="StaleEntity"/> when it is not at <paramref name="version"/>.</summary>
    [Transaction(TransactionOption.Join)]
    [ReadOnly]
    Task ConfirmAsync(long version);
}
