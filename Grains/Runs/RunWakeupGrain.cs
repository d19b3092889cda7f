using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Loom.Runs;

/// <summary>
/// Keeps the reminder of one wake-up bucket and sweeps it. Reentrant: a run it resumes may list
/// itself again, which can ask this grain to make sure it sweeps.
/// </summary>
[Reentrant]
public sealed class RunWakeupGrain : Grain, IRunWakeupGrain, IRemindable
{
    private const string ReminderName = "loom-run-wakeups";
    private const int SweepConcurrency = 32;

    private readonly RunStores _stores;
    private readonly TimeSpan _period;
    private readonly ILogger<RunWakeupGrain> _logger;
    private Task? _reminding;

    /// <summary>Creates the grain on the silo's run stores.</summary>
    public RunWakeupGrain(RunStores stores, IOptions<RunOptions> options, ILogger<RunWakeupGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _stores = stores;
        _period = options.Value.ReminderPeriod;
        _logger = logger;
    }

    private int Bucket => (int)this.GetPrimaryKeyLong();

    /// <inheritdoc />
    public Task EnsureSweepingAsync()
    {
        // The bucket keeps its reminder for good: a sweep of an empty bucket costs one query a period.
        if (_reminding is null || _reminding.IsFaulted)
        {
            _reminding = this.RegisterOrUpdateReminder(ReminderName, _period, _period);
        }

        return _reminding;
    }

    /// <inheritdoc />
    public async Task<int> SweepAsync()
    {
        var table = await _stores.Wakeups.ConfigureAwait(true);
        var listed = await table.ReadAsync(Bucket).ConfigureAwait(true);
        var unfinished = 0;
        foreach (var chunk in listed.Chunk(SweepConcurrency))
        {
            var phases = await Task.WhenAll(chunk.Select(listing => ResumeAsync(listing.RunId))).ConfigureAwait(true);
            for (var i = 0; i < chunk.Length; i++)
            {
                if (phases[i] is RunPhase.Completed or RunPhase.Failed or RunPhase.Cancelled)
                {
                    table.Forget(Bucket, chunk[i].RunId);
                }
                else if (phases[i] is RunPhase.NotStarted)
                {
                    // Only as read: a start that succeeds meanwhile lists the run again, and it keeps its listing.
                    table.Forget(Bucket, chunk[i].RunId, chunk[i].ETag);
                }
                else
                {
                    unfinished++;
                }
            }
        }

        await table.FlushAsync().ConfigureAwait(true);
        RunLog.Swept(_logger, Bucket, listed.Count, unfinished);
        return unfinished;
    }

    /// <inheritdoc />
    public Task ReceiveReminder(string reminderName, TickStatus status) => SweepAsync();

    private async Task<RunPhase?> ResumeAsync(string runId)
    {
        try
        {
            return (await GrainFactory.GetGrain<IRunGrain>(runId).ResumeAsync().ConfigureAwait(true)).Phase;
        }
        catch (Exception error)
        {
            // The run stays listed, and the next sweep tries it again.
            RunLog.SweepResumeFailed(_logger, error, runId);
            return null;
        }
    }
}
