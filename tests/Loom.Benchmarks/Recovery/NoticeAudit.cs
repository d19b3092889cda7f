using Loom.Jobs;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.Benchmarks.Recovery;

/// <summary>
/// Whether every acknowledged transfer's notice job ran, with the notice the transfer dispatched: waits
/// until the outbox holds no job, then reads each notice with the read-only use case.
/// </summary>
public static class NoticeAudit
{
    private static readonly TimeSpan OutboxWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>What the audit found.</summary>
    /// <param name="Recorded">Notices found as dispatched.</param>
    /// <param name="Missing">Acknowledged transfers without a notice.</param>
    /// <param name="Different">Notices that differ from what the transfer dispatched.</param>
    /// <param name="Pending">Jobs still in the outbox when the wait ended.</param>
    /// <param name="Failed">Jobs kept as failed.</param>
    public sealed record Findings(int Recorded, int Missing, int Different, int Pending, int Failed);

    public static async Task<Findings> CheckAsync(IGrainFactory grains, IReadOnlyCollection<TransferNotice> expected)
    {
        var monitor = grains.GetGrain<IJobMonitorGrain>(0);
        var pending = int.MaxValue;
        for (var deadline = DateTime.UtcNow + OutboxWait; pending > 0 && DateTime.UtcNow < deadline; await Task.Delay(500))
        {
            try
            {
                pending = (await monitor.GetPendingAsync().WaitAsync(ReadTimeout)).Count;
            }
            catch (Exception error) when (error is TimeoutException or Orleans.Runtime.OrleansException)
            {
                // The monitor's partitions are moving to the survivors: ask again.
            }
        }

        var (recorded, missing, different) = (0, 0, 0);
        foreach (var batch in expected.Chunk(64))
        {
            var found = await Task.WhenAll(batch.Select(notice => ReadAsync(grains, notice.Id)));
            for (var i = 0; i < batch.Length; i++)
            {
                if (found[i] is null)
                {
                    missing++;
                }
                else if (found[i] == batch[i])
                {
                    recorded++;
                }
                else
                {
                    different++;
                }
            }
        }

        var failed = (await monitor.GetFailedAsync().WaitAsync(ReadTimeout)).Count;
        return new Findings(recorded, missing, different, pending, failed);
    }

    private static async Task<TransferNotice?> ReadAsync(IGrainFactory grains, string transferId)
    {
        try
        {
            return await grains.ExecuteUseCaseAsync<TransferNotice>(nameof(GetTransferNotice), new { transferId }).WaitAsync(ReadTimeout);
        }
        catch (Errors.NotFound)
        {
            return null;
        }
    }
}
