using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Loom.Runs;
using Orleans.Runtime;

namespace Loom.IntegrationTests.Runs;

/// <summary>Adds its state to the context's trail and emits the trail so far, so the history shows the context carried from state to state.</summary>
public sealed class TrailStep : IRunStateHandler
{
    public Task ExecuteAsync(RunStateContext context)
    {
        var trail = context.Context["trail"] as JsonArray ?? [];
        trail.Add(context.StateId);
        context.Context["trail"] = trail;
        context.Emit("visited", new { trail = trail.Select(t => t!.GetValue<string>()).ToArray() });
        return Task.CompletedTask;
    }
}

/// <summary>Fails, retryably, until the attempt named by the input <c>succeedOnAttempt</c>.</summary>
public sealed class FlakyStep : IRunStateHandler
{
    public Task ExecuteAsync(RunStateContext context) =>
        context.Attempt < context.Inputs.GetProperty("succeedOnAttempt").GetInt32()
            ? throw new TimeoutException($"flaky on attempt {context.Attempt}")
            : Task.CompletedTask;
}

/// <summary>Loses its silo, as a call to a crashed one would, until the attempt named by the input <c>answerOnAttempt</c>.</summary>
public sealed class ClusterBlipStep : IRunStateHandler
{
    public Task ExecuteAsync(RunStateContext context) =>
        context.Attempt < context.Inputs.GetProperty("answerOnAttempt").GetInt32()
            ? throw new SiloUnavailableException($"the target silo became unavailable on attempt {context.Attempt}")
            : Task.CompletedTask;
}

/// <summary>Fails in a way no retry can help.</summary>
public sealed class FatalStep : IRunStateHandler
{
    public Task ExecuteAsync(RunStateContext context) => throw new InvalidOperationException("the statement template is missing");
}

/// <summary>Does nothing: the cost of a state itself.</summary>
public sealed class NoOpStep : IRunStateHandler
{
    public Task ExecuteAsync(RunStateContext context) => Task.CompletedTask;
}

/// <summary>Waits until the run is cancelled, telling the probe when it started waiting.</summary>
public sealed class WaitForCancelStep(RunProbe probe) : IRunStateHandler
{
    public async Task ExecuteAsync(RunStateContext context)
    {
        probe.Entered(context.RunId);
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
    }
}

/// <summary>What tests observe of handlers as they run.</summary>
public sealed class RunProbe
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _entered = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, TaskCompletionSource>> _meetings = new();

    public void Entered(string runId) => Gate(runId).TrySetResult();

    public Task WaitUntilEntered(string runId) => Gate(runId).Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Marks the branch arrived and waits for the run's other branch: "met" when it came, "alone" after ten seconds.</summary>
    public async Task<string> MeetAsync(string runId, string branch)
    {
        var arrivals = _meetings.GetOrAdd(runId, _ => new ConcurrentDictionary<string, TaskCompletionSource>());
        arrivals.GetOrAdd(branch, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(10))
        {
            if (arrivals.Count >= 2)
            {
                return "met";
            }
        }

        return "alone";
    }

    private TaskCompletionSource Gate(string runId) => _entered.GetOrAdd(runId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>Runs the three-step operation as a child and records how it ended.</summary>
public sealed class SpawnChildStep : IRunStateHandler
{
    public async Task ExecuteAsync(RunStateContext context)
    {
        var child = await context.RunChildAsync("three-steps");
        context.Context["child"] = child.Phase.ToString();
        context.Emit("child-ended", new { child.RunId, phase = child.Phase.ToString() });
    }
}

/// <summary>Writes a key of its own and waits, up to ten seconds, until its sibling has started too: only parallel branches meet.</summary>
public sealed class MeetSiblingStep(RunProbe probe) : IRunStateHandler
{
    public async Task ExecuteAsync(RunStateContext context)
    {
        context.Context[context.StateId] = await probe.MeetAsync(context.RunId, context.StateId);
    }
}

/// <summary>Emits the context's keys, so a test can see what the branches before it left.</summary>
public sealed class ReportKeysStep : IRunStateHandler
{
    public Task ExecuteAsync(RunStateContext context)
    {
        context.Emit("keys", new { keys = context.Context.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray(), met = context.Context.Where(p => p.Value is JsonValue).Select(p => p.Value!.ToString()).ToArray() });
        return Task.CompletedTask;
    }
}
