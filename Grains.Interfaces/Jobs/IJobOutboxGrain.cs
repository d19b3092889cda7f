using Orleans.Concurrency;

namespace Loom.Jobs;

/// <summary>
/// One partition of the job outbox. Jobs enter it inside the transaction that dispatched them, so
/// they exist exactly when that transaction commits; a job leaves it inside the transaction that runs
/// it, so it is gone exactly when its effects are committed, or once it failed for good.
/// </summary>
public interface IJobOutboxGrain : IGrainWithIntegerKey
{
    /// <summary>Adds jobs within the caller's transaction.</summary>
    [Transaction(TransactionOption.Join)]
    Task EnqueueAsync(IReadOnlyList<JobEnvelope> jobs);

    /// <summary>
    /// Takes a pending job out within the caller's transaction, the one that runs it; false when it is
    /// no longer pending, because an earlier run of it committed.
    /// </summary>
    [Transaction(TransactionOption.Join)]
    Task<bool> TakeAsync(Guid jobId);

    /// <summary>Runs the pending jobs that are due; returns at once and works in the background.</summary>
    [OneWay]
    Task DrainAsync();

    /// <summary>The jobs waiting to run.</summary>
    [Transaction(TransactionOption.CreateOrJoin)]
    [ReadOnly]
    Task<IReadOnlyList<JobEnvelope>> GetPendingAsync();

    /// <summary>The jobs whose attempts are spent, with their last error.</summary>
    [Transaction(TransactionOption.CreateOrJoin)]
    [ReadOnly]
    Task<IReadOnlyList<JobEnvelope>> GetFailedAsync();

    /// <summary>
    /// Records a batch of failed runs in one transaction: each job still pending is kept for a later run,
    /// or moves to the failed jobs.
    /// </summary>
    [Transaction(TransactionOption.Create)]
    Task RecordFailuresAsync(IReadOnlyList<JobFailure> failures);
}
