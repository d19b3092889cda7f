using Orleans.Concurrency;

namespace Loom.Entities;

/// <summary>One entity of type <typeparamref name="TEntity"/>, keyed by its id, with transactional state.</summary>
public interface IEntityGrain<TEntity> : IGrainWithStringKey
    where TEntity : class
{
    /// <summary>
    /// Reads the entity, joining the caller's transaction or running in a read-only one of its own.
    /// Inside a Loom write transaction the read takes an exclusive lock.
    /// </summary>
    [Transaction(TransactionOption.CreateOrJoin)]
    [ReadOnly]
    Task<TEntity?> GetAsync();

    /// <summary>Replaces the entity within the caller's transaction and returns the value it replaced.</summary>
    [Transaction(TransactionOption.Join)]
    Task<TEntity?> SaveAsync(TEntity entity);

    /// <summary>Deletes the entity within the caller's transaction and returns the value it removed.</summary>
    [Transaction(TransactionOption.Join)]
    Task<TEntity?> DeleteAsync();
}
