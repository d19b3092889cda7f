using System.Collections.Concurrent;
using System.Diagnostics;
using Loom.Runs;

namespace Loom.Benchmarks.Recovery;

/// <summary>
/// The runs a recovery run started, and when the client first saw each one end: each run's status is
/// asked for every 250 ms on a loop of its own, each question waiting at most 5 s (its grain may be on
/// the killed silo), so that one slow question delays no other run's.
/// </summary>
public sealed class TrackedRuns(IGrainFactory grains, Stopwatch clock, CancellationToken stop)
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, TrackedRun> _runs = new();
    private readonly ConcurrentBag<Task> _polls = [];
    private int _failedPolls;

    public IReadOnlyCollection<TrackedRun> Runs => [.. _runs.Values];

    public int FailedPolls => Volatile.Read(ref _failedPolls);

    public bool AllEnded => _runs.Values.All(run => run.EndedAt is not null);

    /// <summary>Tracks a run started at <paramref name="at"/> seconds.</summary>
    public void Started(string runId, double at)
    {
        var run = new TrackedRun(runId, at);
        _runs[runId] = run;
        _polls.Add(PollUntilEndedAsync(run));
    }

    /// <summary>Waits for every run's loop, once the runs ended or the token given at creation is cancelled.</summary>
    public Task StoppedAsync() => Task.WhenAll(_polls);

    private async Task PollUntilEndedAsync(TrackedRun run)
    {
        var status = grains.GetGrain<IRunGrain>(run.RunId);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var view = await status.GetStatusAsync().WaitAsync(PollTimeout);
                if (view.Phase is RunPhase.Completed or RunPhase.Failed or RunPhase.Cancelled or RunPhase.Halted)
                {
                    run.Ended(clock.Elapsed.TotalSeconds, view.Phase);
                    return;
                }
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _failedPolls);
            }

            try
            {
                await Task.Delay(Period, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>One run a recovery run started: when (seconds on the run's clock), and when and how it was first seen ended.</summary>
public sealed class TrackedRun(string runId, double startedAt)
{
    public string RunId { get; } = runId;

    public double StartedAt { get; } = startedAt;

    public double? EndedAt { get; private set; }

    public RunPhase? Phase { get; private set; }

    public void Ended(double at, RunPhase phase) => (EndedAt, Phase) = (at, phase);
}
