using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Loom.Cluster;
using Loom.Errors;
using Loom.Runs.History;
using Loom.Runs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Loom.Runs;

/// <summary>
/// Owns one run. Its history, in the event store, is the only truth: on activation the grain folds
/// it and carries on from what <see cref="RunResumption"/> decides, so a crash, a restart or a
/// failing handler costs at most the attempt that was under way. Reentrant so that status queries
/// and cancellation are answered while a handler runs; one loop at a time drives the run.
/// </summary>
[Reentrant]
public sealed class RunGrain : Grain, IRunGrain
{
    private static readonly byte[] EmptyContext = "{}"u8.ToArray();

    private readonly RunOperationCatalog _catalog;
    private readonly RunStores _stores;
    private readonly IServiceProvider _services;
    private readonly RunFailpoints _failpoints;
    private readonly ILogger<RunGrain> _logger;
    private readonly RunWakeups _wakeups;
    private readonly TimeProvider _time;
    private readonly List<RunEvent> _pending = [];
    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly CancellationTokenSource _cancel = new();
    private readonly CancellationTokenSource _stopping = new();

    private RunHistory? _history;
    private RunManifest? _manifest;
    private JsonElement _inputs;
    private RunPlan? _plan;
    private long _nextSequence = 1;
    private Task _loop = Task.CompletedTask;
    private readonly Dictionary<string, Task<bool>> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<(string StateId, int Attempt), IGrainTimer> _waiting = [];
    private readonly HashSet<(string StateId, int Attempt)> _waited = [];
    private readonly Dictionary<string, byte[]> _snapshots = new(StringComparer.Ordinal);
    private Task? _loading;

    /// <summary>Creates the grain with the silo's catalog, stores and services.</summary>
    public RunGrain(RunOperationCatalog catalog, RunStores stores, IServiceProvider services, RunFailpoints failpoints, RunWakeups wakeups, TimeProvider time, ILogger<RunGrain> logger)
    {
        _time = time;
        _wakeups = wakeups;
        _catalog = catalog;
        _stores = stores;
        _services = services;
        _failpoints = failpoints;
        _logger = logger;
    }

    private string RunId => this.GetPrimaryKeyString();

    // Read on first need rather than on activation: a run being started has no history, and
    // starting it blind saves a read (an existing run refuses the first append, and is read then).
    // A load that failed (the store or the wake-up list out of reach) is tried again on next need.
    private Task EnsureLoadedAsync() => _loading is null or { IsFaulted: true } ? _loading = LoadHistoryAsync() : _loading;

    private async Task LoadHistoryAsync()
    {
        var events = await _stores.Events.ConfigureAwait(true);
        var history = new List<RunEvent>();
        await foreach (var stored in events.ReadAsync(RunId).ConfigureAwait(true))
        {
            history.Add(RunEventCodec.Decode(RunId, stored.Type, stored.Data.Span));
            _nextSequence = stored.Sequence + 1;
        }

        if (history.Count == 0)
        {
            return;
        }

        _history = RunHistory.Fold(RunId, history);
        if (_history.Completion is null)
        {
            // Listed again in case its start's listing was lost: this costs a write only when an unfinished run is activated.
            await _wakeups.WatchAsync(RunId).ConfigureAwait(true);
            await LoadAsync(CancellationToken.None).ConfigureAwait(true);
            ReportPhase();
            EnsureRunning();
        }
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        StopWaiting();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<RunStatusView> StartAsync(StartRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _starting.WaitAsync().ConfigureAwait(true);
        try
        {
            if (_loading is not null)
            {
                await _loading.ConfigureAwait(true);
                if (_history is not null)
                {
                    return Existing(request);
                }
            }

            // Claim the activation's state while starting, so that a query meanwhile does not read it half-made.
            _loading ??= Task.CompletedTask;
            try
            {
                return await StartNewAsync(request).ConfigureAwait(true);
            }
            catch (RunEventConflict)
            {
                // The run exists: this activation had not read its history yet.
                _history = null;
                _pending.Clear();
                _loading = LoadHistoryAsync();
                await _loading.ConfigureAwait(true);
                return Existing(request);
            }
            catch
            {
                // Refused, or the append's outcome is unknown: forget what was made and read the store on next need.
                _history = null;
                _pending.Clear();
                _loading = null;
                throw;
            }
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <inheritdoc />
    public async Task<RunStatusView> GetStatusAsync()
    {
        await EnsureLoadedAsync().ConfigureAwait(true);
        return Status();
    }

    /// <inheritdoc />
    public async Task<RunStatusView> ResumeAsync()
    {
        // A start under way begins the loop itself; a resume meanwhile would begin a second one.
        await _starting.WaitAsync().ConfigureAwait(true);
        try
        {
            await EnsureLoadedAsync().ConfigureAwait(true);
            if (_history?.Completion is not null)
            {
                // Still listed after it ended: the silo that ended it may have died before indexing the end.
                await IndexEndThenForgetAsync().ConfigureAwait(true);
            }

            EnsureRunning();
            return Status();
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <inheritdoc />
    public async Task<RunStatusView> CancelAsync()
    {
        await EnsureLoadedAsync().ConfigureAwait(true);
        if (_history is null || _history.Completion is not null)
        {
            return Status();
        }

        await _cancel.CancelAsync().ConfigureAwait(true);
        StopWaiting();
        EnsureRunning();
        await _loop.ConfigureAwait(true);
        return Status();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunHistoryEntry>> GetHistoryAsync(long fromSequence = 1)
    {
        var events = await _stores.Events.ConfigureAwait(true);
        var entries = new List<RunHistoryEntry>();
        await foreach (var stored in events.ReadAsync(RunId, Math.Max(1, fromSequence)).ConfigureAwait(true))
        {
            entries.Add(new RunHistoryEntry(stored.Sequence, stored.Type, Encoding.UTF8.GetString(stored.Data.Span), stored.RecordedAt));
        }

        return entries;
    }

    private void EnsureRunning()
    {
        if (_history is { Completion: null } && _loop.IsCompleted)
        {
            _loop = RunLoopAsync([]);
        }
    }

    private async Task RunLoopAsync(IReadOnlyList<EnterState> entered)
    {
        try
        {
            foreach (var enter in entered)
            {
                _running[enter.StateId] = ExecuteAsync(enter);
            }

            while (await StepAsync().ConfigureAwait(true))
            {
            }
        }
        catch (Exception error)
        {
            // The history on disk is intact; a fresh activation re-reads it and carries on.
            RunLog.LoopFailed(_logger, error, RunId);
            this.DeactivateOnIdle();
        }
    }

    private RunStatusView Existing(StartRunRequest request) =>
        _history!.Started.ManifestId == request.ManifestId ? Status() : throw new RunAlreadyStarted(RunId, _history.Started.ManifestId, request.ManifestId);

    private async Task<RunStatusView> StartNewAsync(StartRunRequest request)
    {
        var manifest = RunManifestIdentity.Verify(request);
        var plan = _catalog.FindLatest(request.OperationId) ?? throw new UnknownRunOperation(request.OperationId, null);
        var artifacts = await _stores.Artifacts.ConfigureAwait(true);
        var manifestId = await artifacts.PutAsync(manifest).ConfigureAwait(true);
        var initial = await artifacts.PutAsync(EmptyContext).ConfigureAwait(true);

        // Listed for its wake-up sweep before its first append is stored, so that no crash can leave
        // it started but unlisted; a listing whose start then fails is dropped by the sweep.
        await _wakeups.WatchAsync(RunId).ConfigureAwait(true);

        UseManifest(request.Manifest);
        _plan = plan;
        _snapshots[initial.Value] = EmptyContext;
        _nextSequence = 1;
        var started = new RunStarted(plan.OperationId, plan.Version, plan.GraphHash, manifestId.Value, initial.Value);
        _history = RunHistory.Fold(RunId, [started]);
        _pending.Add(started);

        // RunStarted goes out with the first states' entries, in one append that an existing run refuses.
        var first = RunResumption.DecideAll(plan, request.Config, _history, new HashSet<string>()).Cast<EnterState>().ToList();
        foreach (var enter in first)
        {
            Record(new StateEntered(enter.StateId, enter.Attempt, enter.BaseSnapshotId));
        }

        await FlushAsync().ConfigureAwait(true);
        RunLog.Started(_logger, RunId, plan.OperationId, plan.Version);
        ReportPhase();
        _loop = RunLoopAsync(first);
        return Status();
    }

    // One round of decisions and their actions; false when the loop should stop (ended, halted,
    // only waiting on a backoff, or crashed on purpose).
    private async Task<bool> StepAsync()
    {
        var history = _history!;
        if (_plan is null || _manifest is null)
        {
            return await HaltAsync("unknown_version", $"operation '{history.Started.OperationId}' version {history.Started.Version} is not registered on this silo").ConfigureAwait(true);
        }

        if (_cancel.IsCancellationRequested)
        {
            // The handlers see their token; what they record on the way out goes before the end.
            await Task.WhenAll(_running.Values).ConfigureAwait(true);
            _running.Clear();
            await EndAsync(RunStatus.Cancelled, history.LastSnapshotId).ConfigureAwait(true);
            return false;
        }

        // Handlers that finished (some finish before they are even awaited) leave the running set first,
        // so that their completion goes out with what they unblock.
        foreach (var (stateId, finished) in _running.Where(running => running.Value.IsCompleted).ToList())
        {
            _running.Remove(stateId);
            if (!await finished.ConfigureAwait(true))
            {
                return false;
            }
        }

        var decisions = RunResumption.DecideAll(_plan, _manifest.Config, history, _running.Keys.ToHashSet(StringComparer.Ordinal));
        switch (decisions)
        {
            case [RunAlreadyEnded]:
                await FlushAsync().ConfigureAwait(true);
                _ = IndexEndThenForgetAsync();
                return false;
            case [RunGraphChanged changed]:
                return await HaltAsync("graph_changed", $"the run started on graph {changed.RecordedHash}; version {history.Started.Version} is now graph {changed.DeployedHash}").ConfigureAwait(true);
            case [EndRun end]:
                await EndAsync(end.Status, end.FinalSnapshotId).ConfigureAwait(true);
                return false;
        }

        var now = new List<EnterState>();
        foreach (var enter in decisions.Cast<EnterState>())
        {
            if (enter.Delay > TimeSpan.Zero && !_waited.Remove((enter.StateId, enter.Attempt)))
            {
                WaitThenRun(enter);
            }
            else
            {
                now.Add(enter);
            }
        }

        // One append carries the outcomes recorded since the last one and the entries of the states starting now.
        foreach (var enter in now)
        {
            Record(new StateEntered(enter.StateId, enter.Attempt, enter.BaseSnapshotId));
        }

        await FlushAsync().ConfigureAwait(true);
        foreach (var enter in now)
        {
            _running[enter.StateId] = ExecuteAsync(enter);
        }

        if (_running.Count == 0)
        {
            return false;
        }

        await Task.WhenAny(_running.Values).ConfigureAwait(true);
        return true;
    }

    // Runs the handler of an attempt already recorded as entered, and records its outcome (not yet flushed).
    private async Task<bool> ExecuteAsync(EnterState enter)
    {
        var baseBytes = await SnapshotAsync(enter.BaseSnapshotId).ConfigureAwait(true);
        var context = JsonNode.Parse(baseBytes)!.AsObject();
        var declaration = _plan!.Order.First(state => state.Id == enter.StateId);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token, _stopping.Token);
        var attempt = new RunStateContext(RunId, enter.StateId, enter.Attempt, _inputs, context, _services, cancellation.Token);
        this.DelayDeactivation(TimeSpan.FromMinutes(10));
        try
        {
            var handler = (IRunStateHandler)_services.GetRequiredService(declaration.Handler);
            await handler.ExecuteAsync(attempt).ConfigureAwait(true);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Cancelled mid-handler: the attempt stays open, as after a crash. A cancelled run then
            // ends as cancelled; a silo stopping leaves it for the next activation to retry.
            return _cancel.IsCancellationRequested;
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // The silo is going away under the handler; what failed is the host, not the state.
            // Left open, the attempt runs again wherever the run comes back.
            return false;
        }
        catch (Exception error) when (ClusterFailures.IsClusterFailure(error))
        {
            RunLog.StateInterrupted(_logger, error, RunId, enter.StateId, enter.Attempt);
            Record(new StateInterrupted(enter.StateId, enter.Attempt, error.Message));
            return true;
        }
        catch (Exception error)
        {
            var retryable = RunFailures.IsRetryable(error);
            RunLog.StateFailed(_logger, error, RunId, enter.StateId, enter.Attempt, retryable);
            Record(new StateFailed(enter.StateId, enter.Attempt, error.Message, retryable));
            return true;
        }

        if (_failpoints.ShouldStopAfterHandler(RunId))
        {
            RunLog.StoppedByFailpoint(_logger, RunId, enter.StateId, enter.Attempt);
            this.DeactivateOnIdle();
            return false;
        }

        // The state's changes go onto the context as it is now, which states that ran alongside may have changed.
        var latestId = _history!.LastSnapshotId;
        var latest = await SnapshotAsync(latestId).ConfigureAwait(true);
        var merged = RunContextMerge.Apply(latest, baseBytes, context);
        var snapshotId = merged.AsSpan().SequenceEqual(latest) ? latestId : await PutSnapshotAsync(merged).ConfigureAwait(true);
        foreach (var emitted in attempt.Emitted)
        {
            Record(emitted);
        }

        // Not flushed here: the completion goes out with the next state's entry (or the run's end) in one append.
        Record(new StateCompleted(enter.StateId, enter.Attempt, snapshotId));
        return true;
    }

    private void WaitThenRun(EnterState enter)
    {
        var attempt = (enter.StateId, enter.Attempt);
        if (_waiting.ContainsKey(attempt))
        {
            return;
        }

        _waiting[attempt] = this.RegisterGrainTimer(() =>
        {
            if (_waiting.Remove(attempt, out var timer))
            {
                timer.Dispose();
                _waited.Add(attempt);
                EnsureRunning();
            }

            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(enter.Delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private void StopWaiting()
    {
        foreach (var timer in _waiting.Values)
        {
            timer.Dispose();
        }

        _waiting.Clear();
    }

    private async Task EndAsync(RunStatus status, string finalSnapshotId)
    {
        Record(new RunCompleted(status, finalSnapshotId));
        await FlushAsync().ConfigureAwait(true);
        RunLog.Ended(_logger, RunId, status.ToString());
        _ = IndexEndThenForgetAsync();

        // An ended run has nothing left to do: its memory goes back now rather than after the idle
        // collection age, and a later query reads its history again.
        this.DeactivateOnIdle();
    }

    private async Task<bool> HaltAsync(string code, string reason)
    {
        if (_history!.Halt?.Code != code)
        {
            Record(new RunHalted(code, reason));
            RunLog.Halted(_logger, RunId, code, reason);
        }

        await FlushAsync().ConfigureAwait(true);
        ReportPhase();
        return false;
    }

    private void Record(RunEvent runEvent)
    {
        _history!.Record(RunId, runEvent);
        _pending.Add(runEvent);
    }

    private async Task FlushAsync()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var events = await _stores.Events.ConfigureAwait(true);
        var batch = _pending.Select(e => RunEventCodec.Encode(e)).Select(e => new NewRunEvent(e.Type, e.Data)).ToList();
        await events.AppendAsync(RunId, _nextSequence, batch).ConfigureAwait(true);
        _nextSequence += batch.Count;
        _pending.Clear();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var started = _history!.Started;
        var artifacts = await _stores.Artifacts.ConfigureAwait(true);
        UseManifest(RunManifestIdentity.Read(await artifacts.GetAsync(ArtifactId.Parse(started.ManifestId), cancellationToken).ConfigureAwait(true)));
        _plan = _catalog.Find(started.OperationId, started.Version);
    }

    // The inputs are read once per activation, not once per state.
    private void UseManifest(RunManifest manifest)
    {
        _manifest = manifest;
        using var inputs = JsonDocument.Parse(manifest.InputsJson);
        _inputs = inputs.RootElement.Clone();
    }

    private async Task<byte[]> SnapshotAsync(string snapshotId)
    {
        if (!_snapshots.TryGetValue(snapshotId, out var bytes))
        {
            var artifacts = await _stores.Artifacts.ConfigureAwait(true);
            bytes = await artifacts.GetAsync(ArtifactId.Parse(snapshotId)).ConfigureAwait(true);
            Cache(snapshotId, bytes);
        }

        return bytes;
    }

    private async Task<string> PutSnapshotAsync(byte[] bytes)
    {
        var artifacts = await _stores.Artifacts.ConfigureAwait(true);
        var id = (await artifacts.PutAsync(bytes).ConfigureAwait(true)).Value;
        Cache(id, bytes);
        return id;
    }

    // Running states start from the snapshots of their time; a few are enough to avoid re-reading them.
    private void Cache(string snapshotId, byte[] bytes)
    {
        if (_snapshots.Count >= 8)
        {
            _snapshots.Clear();
        }

        _snapshots[snapshotId] = bytes;
    }

    // An ended run leaves the wake-up list only once its end is in the index: a crash in between leaves
    // it listed, and the sweep that resumes it (at once if the crash was a silo's death) indexes it again.
    private async Task IndexEndThenForgetAsync()
    {
        var entry = IndexEntry();
        try
        {
            var index = await _stores.Index.ConfigureAwait(true);
            await index.RecordNowAsync(entry).ConfigureAwait(true);
            await _wakeups.ForgetAsync(RunId).ConfigureAwait(true);
        }
        catch (Exception error)
        {
            RunLog.EndNotIndexed(_logger, error, RunId, entry.Phase.ToString());
        }
    }

    // Not waited for: the index batches what runs record.
    private void ReportPhase() => _ = RecordPhaseAsync(IndexEntry());

    private async Task RecordPhaseAsync(RunIndexEntry entry) => (await _stores.Index.ConfigureAwait(true)).Record(entry);

    private RunIndexEntry IndexEntry()
    {
        var status = Status();
        return new RunIndexEntry(RunId, status.OperationId, status.Version, status.Phase, _time.GetUtcNow());
    }

    private RunStatusView Status()
    {
        if (_history is not { } history)
        {
            return new RunStatusView(RunId, "", 0, RunPhase.NotStarted, null, 0, null, null);
        }

        var failed = history.LastFailed;
        var open = history.OpenAttempts.Values.FirstOrDefault();
        var (phase, state, attempt) = history switch
        {
            // An ended run names a state only when that state is why it failed.
            { Completion.Status: RunStatus.Failed } => (RunPhase.Failed, failed?.StateId, failed?.Attempt ?? 0),
            { Completion.Status: RunStatus.Completed } => (RunPhase.Completed, null, 0),
            { Completion: not null } => (RunPhase.Cancelled, null, 0),
            { Halt: not null } => (RunPhase.Halted, open?.StateId, open?.Attempt ?? 0),
            _ when _running.Count == 0 && _waiting.Keys.FirstOrDefault() is { StateId: not null } waiting => (RunPhase.Waiting, waiting.StateId, waiting.Attempt),
            _ => (RunPhase.Running, open?.StateId, open?.Attempt ?? 0),
        };
        return new RunStatusView(RunId, history.Started.OperationId, history.Started.Version, phase, state, attempt, failed?.Error, history.Halt?.Code);
    }
}
