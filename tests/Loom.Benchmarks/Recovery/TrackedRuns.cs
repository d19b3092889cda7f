using System.Collections.Concurrent;
using System.Diagnostics;
using Loom.Runs;

namespace Loom.Benchmarks.Recovery;

/// <summary>
/// The runs a recovery run started, and when the client first saw each one end: every unfinished run's
/// status is asked for every 250 ms, each question waiting at most 5 s (its grain may be on the killed silo).
/// </summary>
public sealed class TrackedRuns(IGrainFactory grains, Stopwatch clock)
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, TrackedRun> _runs = new();

    public IReadOnlyCollection<TrackedRun> Runs => [.. _runs.Values];

    public int FailedPolls { get; private set; }

    public void Started(string runId, double at) => _runs[runId] = new TrackedRun(runId, at);

    public bool AllEnded => _runs.Values.All(run => run.EndedAt is not null);

    /// <summary>Polls until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.WhenAll(_runs.Values.Where(run => run.EndedAt is null).Select(PollAsync));
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

    private async Task PollAsync(TrackedRun run)
    {
        try
        {
            var status = await grains.GetGrain<IRunGrain>(run.RunId).GetStatusAsync().WaitAsync(PollTimeout);
            if (status.Phase is RunPhase.Completed or RunPhase.Failed or RunPhase.Cancelled or RunPhase.Halted)
            {
                run.Ended(clock.Elapsed.TotalSeconds, status.Phase);
            }
        }
        catch (Exception)
        {
            FailedPolls++;
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
