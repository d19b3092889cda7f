using Loom.Errors;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Transactions.Abstractions;

namespace Loom.UseCases;

/// <summary>
/// Keeps one idempotency key's outcome in transactional state. An outcome older than
/// <see cref="UseCaseOptions.IdempotencyRetention"/> counts as none, and is replaced by the next execution's.
/// </summary>
/// <remarks>Reentrant because the transactional lock, not the grain turn, guards the state.</remarks>
[Reentrant]
public sealed class IdempotencyGrain(
    [TransactionalState(IdempotencyGrain.StateName)] ITransactionalState<IdempotencyRecord> state,
    IOptions<UseCaseOptions> options,
    TimeProvider time) : Grain, IIdempotencyGrain
{
    /// <summary>The name the record's transactional state is stored under in grain storage.</summary>
    public const string StateName = "idempotency";

    /// <inheritdoc />
    public Task<IdempotentOutcome?> ClaimAsync() =>
        state.PerformRead(record => IsLive(record) ? new IdempotentOutcome(record.Result, record.Error) : null);

    /// <inheritdoc />
    public Task RecordResultAsync(byte[] result) => state.PerformUpdate(record =>
    {
        (record.Result, record.Error, record.RecordedAt) = (result, null, time.GetUtcNow());
        return true;
    });

    /// <inheritdoc />
    public Task RecordFailureAsync(LoomError error) => state.PerformUpdate(record =>
    {
        if (IsLive(record))
        {
            return false;
        }

        (record.Result, record.Error, record.RecordedAt) = (null, error, time.GetUtcNow());
        return true;
    });

    private bool IsLive(IdempotencyRecord record) =>
        record.RecordedAt is { } recorded && time.GetUtcNow() - recorded < options.Value.IdempotencyRetention;
}
