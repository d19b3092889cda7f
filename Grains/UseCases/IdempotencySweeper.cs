using Loom.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loom.UseCases;

/// <summary>
/// Deletes evicted idempotency receipts once their retention has passed, every
/// <see cref="UseCaseOptions.IdempotencySweepInterval"/> while the silo is active: each row the
/// <see cref="IdempotencyExpiries"/> list as due is deleted, unless it was stored again since. Every
/// silo sweeps; two sweeps of one row delete it once. Receipts still kept in an anchor's state are
/// dropped by the anchor's next write after their retention.
/// </summary>
internal sealed class IdempotencySweeper(
    IdempotencyExpiries expiries,
    EvictedReceipts evicted,
    IOptions<UseCaseOptions> options,
    TimeProvider time,
    ILogger<IdempotencySweeper> logger) : PeriodicSiloWork(time)
{
    protected override TimeSpan Interval => options.Value.IdempotencySweepInterval;

    protected override bool CanRun => expiries.IsAvailable && evicted.IsAvailable;

    protected override async Task RunOnceAsync(CancellationToken stopping)
    {
        try
        {
            var deleted = await expiries.SweepAsync((partition, row) => evicted.DeleteIfExpiredAsync(partition, row, stopping), stopping);
            UseCaseExecutorLog.IdempotencySwept(logger, deleted);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            UseCaseExecutorLog.IdempotencySweepFailed(logger, error);
        }
    }
}
