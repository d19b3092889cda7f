using Loom.Errors;

namespace Loom.Runs.History;

/// <summary>
/// What a run's events say about it, folded in order: how it started, which states completed, the
/// latest context snapshot, attempts entered but never finished (a crash), each state's latest
/// attempt, failure and interruptions by the cluster, and how it ended if it did.
/// </summary>
public sealed class RunHistory
{
    private readonly HashSet<string> _completed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StateEntered> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _lastAttempt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (StateFailed Failure, string BaseSnapshotId)> _lastFailure = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (StateInterrupted Interruption, string BaseSnapshotId, int InARow)> _lastInterruption = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _interruptions = new(StringComparer.Ordinal);

    private RunHistory(RunStarted started)
    {
        Started = started;
        LastSnapshotId = started.InitialSnapshotId;
    }

    /// <summary>The first event.</summary>
    public RunStarted Started { get; }

    /// <summary>The context after the latest completed state (the initial context before any).</summary>
    public string LastSnapshotId { get; private set; }

    /// <summary>How the run ended; null while it has not.</summary>
    public RunCompleted? Completion { get; private set; }

    /// <summary>The latest failure of any state, kept after a retry succeeds; null when none failed.</summary>
    public StateFailed? LastFailed { get; private set; }

    /// <summary>Why the run stopped without ending, if it did (and has not gone on since).</summary>
    public RunHalted? Halt { get; private set; }

    /// <summary>The states that completed.</summary>
    public IReadOnlySet<string> CompletedStates => _completed;

    /// <summary>Attempts entered and never finished, by state: what a crash mid-handler leaves.</summary>
    public IReadOnlyDictionary<string, StateEntered> OpenAttempts => _open;

    /// <summary>Folds a run's events, oldest first.</summary>
    /// <exception cref="InvalidRunHistory">The events do not start with RunStarted, or a state's outcome has no attempt entered before it.</exception>
    public static RunHistory Fold(string runId, IEnumerable<RunEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        RunHistory? history = null;
        foreach (var entry in events)
        {
            if (history is null)
            {
                history = entry is RunStarted started ? new RunHistory(started) : throw new InvalidRunHistory(InvalidRunHistory.MissingRunStarted, runId, $"the history begins with {entry.GetType().Name}, not RunStarted");
                continue;
            }

            history.Record(runId, entry);
        }

        return history ?? throw new InvalidRunHistory(InvalidRunHistory.MissingRunStarted, runId, "the history is empty");
    }

    /// <summary>The latest attempt entered for a state, or null when it was never entered.</summary>
    public int? LastAttempt(string stateId) => _lastAttempt.TryGetValue(stateId, out var attempt) ? attempt : null;

    /// <summary>The latest failure of a state and the snapshot its attempt started from, or null.</summary>
    public (StateFailed Failure, string BaseSnapshotId)? LastFailure(string stateId) => _lastFailure.TryGetValue(stateId, out var failure) ? failure : null;

    /// <summary>
    /// A state's latest outcome when it was an interruption by the cluster, with the snapshot its attempt
    /// started from and how many interruptions in a row it ends; null when the latest outcome was not one.
    /// </summary>
    public (StateInterrupted Interruption, string BaseSnapshotId, int InARow)? LastInterruption(string stateId) =>
        _lastInterruption.TryGetValue(stateId, out var interruption) ? interruption : null;

    /// <summary>How many of a state's attempts the cluster cut short: attempts that do not count against its retry policy.</summary>
    public int Interruptions(string stateId) => _interruptions.GetValueOrDefault(stateId);

    /// <summary>Adds the next event of the run to what the history says.</summary>
    /// <exception cref="InvalidRunHistory">The event cannot follow the ones before it.</exception>
    public void Record(string runId, RunEvent entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        switch (entry)
        {
            case StateEntered entered:
                Halt = null;
                _open[entered.StateId] = entered;
                _lastAttempt[entered.StateId] = entered.Attempt;
                break;
            case StateCompleted completed:
                Close(runId, completed.StateId, completed.Attempt);
                _completed.Add(completed.StateId);
                _lastFailure.Remove(completed.StateId);
                _lastInterruption.Remove(completed.StateId);
                LastSnapshotId = completed.SnapshotId;
                break;
            case StateFailed failed:
                var attempt = Close(runId, failed.StateId, failed.Attempt);
                _lastFailure[failed.StateId] = (failed, attempt.BaseSnapshotId);
                _lastInterruption.Remove(failed.StateId);
                LastFailed = failed;
                break;
            case StateInterrupted interrupted:
                var cut = Close(runId, interrupted.StateId, interrupted.Attempt);
                var inARow = LastInterruption(interrupted.StateId) is { InARow: var before } ? before + 1 : 1;
                _lastInterruption[interrupted.StateId] = (interrupted, cut.BaseSnapshotId, inARow);
                _interruptions[interrupted.StateId] = Interruptions(interrupted.StateId) + 1;
                break;
            case RunCompleted done:
                Completion = done;
                break;
            case RunHalted halted:
                Halt = halted;
                break;
            case RunStarted:
                throw new InvalidRunHistory(InvalidRunHistory.StartedTwice, runId, "RunStarted appears twice");
            default:
                break;
        }
    }

    private StateEntered Close(string runId, string stateId, int attempt)
    {
        if (!_open.Remove(stateId, out var entered) || entered.Attempt != attempt)
        {
            throw new InvalidRunHistory(InvalidRunHistory.OutcomeWithoutEntry, runId, $"state '{stateId}' attempt {attempt} has an outcome but was not entered");
        }

        return entered;
    }
}
