using Orleans.Concurrency;
using Loom.Errors;
using Orleans.Transactions.Abstractions;

namespace Loom.Entities;

/// <summary>One unique value of one entity field, in transactional state.</summary>
/// <remarks>
/// Reentrant because the transactional lock, not the grain turn, guards the state: a caller waiting
/// for the lock must not stop the lock holder's next call from reaching the grain.
/// </remarks>
[Reentrant]
public sealed class UniqueIndexGrain(
    [TransactionalState("owner")] ITransactionalState<UniqueIndexState> state)
    : Grain, IUniqueIndexGrain
{
    /// <inheritdoc />
    public Task<string?> GetOwnerAsync() => state.PerformRead(s => s.Owner);

    /// <inheritdoc />
    public Task ClaimAsync(string entityId) => state.PerformUpdate(s =>
    {
        if (s.Owner is not null && s.Owner != entityId)
        {
            var key = UniqueIndexKey.Parse(this.GetPrimaryKeyString());
            throw new UniqueConstraintViolation(key.Entity[(key.Entity.LastIndexOfAny(['.', '+']) + 1)..], key.Field, key.Value);
        }

        s.Owner = entityId;
        return true;
    });

    /// <inheritdoc />
    public Task ReleaseAsync(string entityId) => state.PerformUpdate(s =>
    {
        if (s.Owner == entityId)
        {
            s.Owner = null;
        }

        return true;
    });
}
