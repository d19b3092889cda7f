using Loom.Errors;

namespace Loom.UseCases;

/// <summary>
/// What became of one idempotency key of one use case (the grain's key is <c>{use case}/{key}</c>): the
/// result it committed, or the typed error it failed with. The result is recorded in the transaction
/// that commits the use case's writes, so a key is never answered by a result that was not committed.
/// </summary>
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>Locks the key within the caller's transaction and returns its outcome, or null when none is recorded (or it has expired).</summary>
    [Transaction(TransactionOption.Join)]
    Task<IdempotentOutcome?> ClaimAsync();

    /// <summary>Records the result, as UTF-8 JSON, within the caller's transaction.</summary>
    [Transaction(TransactionOption.Join)]
    Task RecordResultAsync(byte[] result);

    /// <summary>Records a typed error, in a transaction of its own, unless an outcome was recorded meanwhile.</summary>
    [Transaction(TransactionOption.Create)]
    Task RecordFailureAsync(LoomError error);
}
