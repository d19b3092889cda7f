using Orleans.Concurrency;

namespace Loom.Jobs;

/// <summary>
/// One partition of the job outbox. Jobs enter it inside the transaction that dispatched them, so
/// they exist exactly when that transaction commits, and leave it once they ran or failed for good.
/// </summary>
public interface IJobOutboxGrain : IGrainWithIntegerKey
{
    /// <summary>Adds jobs within the caller's transaction.</summary>
    [Transaction(TransactionOption.Join)]
    Task EnqueueAsync(IReadOnlyList<JobEnvelope> jobs);

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

    /// <summary>Records the outcomes of a batch of runs, in one transaction: done (removed), retry later, or failed for good.</summary>
    [Transaction(TransactionOption.Create)]
    Task CompleteAsync(IReadOnlyList<JobOutcome> outcomes);
}
