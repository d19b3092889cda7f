using System.Text;
using Loom.Errors;
using Loom.Runs;
using Loom.Runs.History;

namespace Loom.Client.Commands;

/// <summary>What <c>loom runs start|status|history|watch|cancel</c> do, given a connection to the cluster.</summary>
internal sealed class RunCommands(IGrainFactory grains, TextWriter output, TextWriter errors)
{
    /// <summary>How often <c>watch</c> asks for new history: often enough to feel live, rarely enough to cost nothing.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private IRunGrain Run(string runId) => grains.GetGrain<IRunGrain>(runId);

    /// <summary>
    /// Builds the manifest of <paramref name="operation"/>, starts it as <paramref name="runId"/>
    /// and prints the run id and its status; with <paramref name="watch"/>, follows it until it ends.
    /// </summary>
    public async Task<int> StartAsync(string operation, string inputs, string runId, RunConfig config, bool watch, CancellationToken cancellation = default)
    {
        RunStatusView status;
        try
        {
            var manifest = new RunManifest(operation, config, inputs);
            status = await Run(runId).StartAsync(RunManifestIdentity.StartRequest(manifest));
        }
        catch (LoomError error)
        {
            return await FailAsync(error);
        }

        await output.WriteLineAsync(runId);
        await output.WriteLineAsync(Describe(status));
        return watch ? await WatchAsync(runId, cancellation) : ExitCodes.Success;
    }

    /// <summary>Prints the run's status.</summary>
    public async Task<int> StatusAsync(string runId)
    {
        var status = await Run(runId).GetStatusAsync();
        if (status.Phase == RunPhase.NotStarted)
        {
            return await FailAsync(NotFound(runId));
        }

        await output.WriteLineAsync(Describe(status));
        return ExitCodes.Success;
    }

    /// <summary>Prints the run's history from <paramref name="from"/> on, one event a line.</summary>
    public async Task<int> HistoryAsync(string runId, long from)
    {
        var history = await Run(runId).GetHistoryAsync(from);
        if (history.Count == 0 && (await Run(runId).GetStatusAsync()).Phase == RunPhase.NotStarted)
        {
            return await FailAsync(NotFound(runId));
        }

        foreach (var entry in history)
        {
            await output.WriteLineAsync(Describe(runId, entry));
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// Prints the run's history as it grows until the run ends, then its status; exits with
    /// success when it completed and with refused when it failed, was cancelled or halted.
    /// </summary>
    public async Task<int> WatchAsync(string runId, CancellationToken cancellation = default)
    {
        var next = 1L;
        while (true)
        {
            // The status first: once it shows an end, the history read after it holds every event up to that end.
            var status = await Run(runId).GetStatusAsync();
            if (status.Phase == RunPhase.NotStarted)
            {
                return await FailAsync(NotFound(runId));
            }

            foreach (var entry in await Run(runId).GetHistoryAsync(next))
            {
                await output.WriteLineAsync(Describe(runId, entry));
                next = entry.Sequence + 1;
            }

            if (status.Phase is RunPhase.Completed or RunPhase.Failed or RunPhase.Cancelled or RunPhase.Halted)
            {
                await output.WriteLineAsync(Describe(status));
                return status.Phase == RunPhase.Completed ? ExitCodes.Success : ExitCodes.Refused;
            }

            await Task.Delay(PollInterval, cancellation);
        }
    }

    /// <summary>Cancels the run and prints its status.</summary>
    public async Task<int> CancelAsync(string runId)
    {
        var status = await Run(runId).CancelAsync();
        if (status.Phase == RunPhase.NotStarted)
        {
            return await FailAsync(NotFound(runId));
        }

        await output.WriteLineAsync(Describe(status));
        return ExitCodes.Success;
    }

    private static NotFound NotFound(string runId) => new("Run", runId);

    private async Task<int> FailAsync(LoomError error)
    {
        await errors.WriteLineAsync($"error[{error.Code}]: {error.Message}");
        return error is InvalidRunManifest or UnknownRunOperation ? ExitCodes.BadInput : ExitCodes.Refused;
    }

    private static string Describe(RunStatusView status)
    {
        var where = status.CurrentState is null ? "" : $"  state {status.CurrentState} attempt {status.Attempt}";
        var error = status.LastError is null ? "" : $"  last error: {status.LastError}";
        var halt = status.HaltCode is null ? "" : $"  halted: {status.HaltCode}";
        return $"{status.RunId}  {status.OperationId} v{status.Version}  {status.Phase}{where}{error}{halt}";
    }

    private static string Describe(string runId, RunHistoryEntry entry)
    {
        var what = RunEventCodec.Decode(runId, entry.Type, Encoding.UTF8.GetBytes(entry.Json)) switch
        {
            RunStarted e => $"started {e.OperationId} v{e.Version} from manifest {e.ManifestId}",
            StateEntered e => $"{e.StateId} attempt {e.Attempt} entered",
            StateCompleted e => $"{e.StateId} attempt {e.Attempt} completed",
            StateFailed e => $"{e.StateId} attempt {e.Attempt} failed{(e.Retryable ? " (retryable)" : "")}: {e.Error}",
            StateInterrupted e => $"{e.StateId} attempt {e.Attempt} cut short by the cluster (not counted): {e.Error}",
            DomainEventRecorded e => $"{e.StateId} emitted {e.Name} {e.DataJson}",
            RunCompleted e => $"run {e.Status}",
            RunHalted e => $"run halted [{e.Code}]: {e.Reason}",
            _ => $"{entry.Type} {entry.Json}",
        };
        return $"{entry.Sequence,4}  {entry.RecordedAt.ToUniversalTime():HH:mm:ss.fff}Z  {what}";
    }
}
