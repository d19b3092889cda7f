using Loom.Runs.Storage;
using Loom.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Loom.Runs;

/// <summary>
/// Keeps one bucket of the unfinished-runs list. Changes are group-committed: the first goes out at
/// once, and whatever arrives while a write is under way goes out together in the next batch, so at
/// a high rate of starts a run's listing costs a fraction of a storage round trip.
/// </summary>
[Reentrant]
public sealed class RunWakeupGrain : Grain, IRunWakeupGrain, IRemindable
{
    private const string ReminderName = "loom-run-wakeups";
    private const int SweepConcurrency = 32;

    // Removals are not urgent: held this long, those of many runs go out in one batch (or with the next listing).
    private static readonly TimeSpan ForgetDelay = TimeSpan.FromMilliseconds(100);

    private readonly ITableStoreFactory _tables;
    private readonly TimeSpan _period;
    private readonly TimeProvider _time;
    private readonly ILogger<RunWakeupGrain> _logger;
    private readonly Dictionary<string, TaskCompletionSource> _watching = new(StringComparer.Ordinal);
    private readonly HashSet<string> _forgetting = new(StringComparer.Ordinal);
    private Task _writing = Task.CompletedTask;
    private IGrainTimer? _forgetTimer;
    private RunWakeupTable? _table;
    private bool _reminding;

    /// <summary>Creates the grain on the silo's table port.</summary>
    public RunWakeupGrain(ITableStoreFactory tables, IOptions<RunOptions> options, TimeProvider time, ILogger<RunWakeupGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tables = tables;
        _period = options.Value.ReminderPeriod;
        _time = time;
        _logger = logger;
    }

    private int Bucket => (int)this.GetPrimaryKeyLong();

    /// <inheritdoc />
    public Task WatchAsync(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        _forgetting.Remove(runId);
        if (!_watching.TryGetValue(runId, out var stored))
        {
            stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _watching[runId] = stored;
        }

        WriteSoon();
        return stored.Task;
    }

    /// <inheritdoc />
    public Task ForgetAsync(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        _forgetting.Add(runId);
        _forgetTimer ??= this.RegisterGrainTimer(() =>
        {
            _forgetTimer?.Dispose();
            _forgetTimer = null;
            WriteSoon();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(ForgetDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<int> SweepAsync()
    {
        var table = await TableAsync().ConfigureAwait(true);
        var listed = await table.ReadAsync(Bucket).ConfigureAwait(true);
        var unfinished = 0;
        foreach (var chunk in listed.Chunk(SweepConcurrency))
        {
            var phases = await Task.WhenAll(chunk.Select(ResumeAsync)).ConfigureAwait(true);
            for (var i = 0; i < chunk.Length; i++)
            {
                if (phases[i] is RunPhase.NotStarted or RunPhase.Completed or RunPhase.Failed or RunPhase.Cancelled)
                {
                    _forgetting.Add(chunk[i]);
                }
                else
                {
                    unfinished++;
                }
            }
        }

        WriteSoon();
        await _writing.ConfigureAwait(true);
        RunLog.Swept(_logger, Bucket, listed.Count, unfinished);
        return unfinished;
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        WriteSoon();
        await _writing.ConfigureAwait(true);
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

    private void WriteSoon()
    {
        if (_writing.IsCompleted && (_watching.Count > 0 || _forgetting.Count > 0))
        {
            _writing = WriteAsync();
        }
    }

    private async Task WriteAsync()
    {
        while (_watching.Count > 0 || _forgetting.Count > 0)
        {
            var watched = _watching.Take(TableRules.MaxBatchOperations).ToList();
            foreach (var (runId, _) in watched)
            {
                _watching.Remove(runId);
            }

            // A run both watched and forgotten in this round is forgotten in the next, after its listing.
            var forgotten = _forgetting.Where(runId => !watched.Exists(w => w.Key == runId)).Take(TableRules.MaxBatchOperations - watched.Count).ToList();
            _forgetting.ExceptWith(forgotten);
            try
            {
                var table = await TableAsync().ConfigureAwait(true);
                var reminding = watched.Count > 0 && !_reminding ? RemindAsync() : Task.CompletedTask;
                await table.ApplyAsync(Bucket, [.. watched.Select(w => w.Key)], forgotten, _time.GetUtcNow()).ConfigureAwait(true);
                await reminding.ConfigureAwait(true);
                watched.ForEach(w => w.Value.TrySetResult());
            }
            catch (Exception error)
            {
                // Watchers learn their listing failed; a lost forget is made again by the next sweep.
                watched.ForEach(w => w.Value.TrySetException(error));
                RunLog.WakeupWriteFailed(_logger, error, Bucket, watched.Count, forgotten.Count);
            }
        }
    }

    // The bucket keeps its reminder for good: a sweep of an empty bucket costs one query a period.
    private async Task RemindAsync()
    {
        await this.RegisterOrUpdateReminder(ReminderName, _period, _period).ConfigureAwait(true);
        _reminding = true;
    }

    private async Task<RunWakeupTable> TableAsync() => _table ??= await RunWakeupTable.OpenAsync(_tables).ConfigureAwait(true);
}
