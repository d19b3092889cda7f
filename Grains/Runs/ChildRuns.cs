using Microsoft.Extensions.DependencyInjection;

namespace Loom.Runs;

/// <summary>Lets a state start a run of another operation and wait for its end.</summary>
public static class ChildRuns
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Starts a child run of <paramref name="operationId"/> and returns its status once it has ended.
    /// The child's id derives from the parent's run, state and call order, and starting a run again
    /// with the same manifest only returns it: a parent state run again after a crash waits for the
    /// child it started before (which never runs twice) instead of starting a second one.
    /// </summary>
    public static async Task<RunStatusView> RunChildAsync(this RunStateContext context, string operationId, string inputsJson = "{}", RunConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = new RunManifest(operationId, config ?? RunConfig.Default, inputsJson);
        var child = context.Services.GetRequiredService<IGrainFactory>().GetGrain<IRunGrain>(context.NextChildRunId());
        var status = await child.StartAsync(RunManifestIdentity.StartRequest(manifest)).ConfigureAwait(false);

        // Polled, not awaited in one call: a child may run far longer than a grain call may last.
        for (var wait = FirstPoll; !HasEnded(status.Phase); wait = wait * 2 < LongestPoll ? wait * 2 : LongestPoll)
        {
            await Task.Delay(wait, context.CancellationToken).ConfigureAwait(false);
            status = await child.GetStatusAsync().ConfigureAwait(false);
        }

        return status;
    }

    private static bool HasEnded(RunPhase phase) => phase is RunPhase.Completed or RunPhase.Failed or RunPhase.Cancelled or RunPhase.Halted;
}
