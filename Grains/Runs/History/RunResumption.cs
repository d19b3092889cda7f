namespace Loom.Runs.History;

/// <summary>
/// Decides, from a run's history alone, what the run does next; the same decision serves a run that
/// just finished a state and one reactivated after a crash, so resuming is not a special path.
/// </summary>
public static class RunResumption
{
    /// <summary>
    /// The waits before an attempt the cluster cut short runs again: doubling from a quarter second up
    /// to 15 seconds, for as long as it takes the cluster to answer.
    /// </summary>
    public static RetryPolicy ClusterRetry { get; } = new(int.MaxValue, BackoffKind.Exponential, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(15));

    /// <summary>
    /// The next steps of a run while the states in <paramref name="running"/> run: its end, or the
    /// states to enter. Sequentially at most one state runs, in topological order; with fan-out/join
    /// every state whose dependencies completed, up to <see cref="RunConfig.MaxConcurrency"/> at once.
    /// Empty when the run can only wait for what is running.
    /// </summary>
    public static IReadOnlyList<RunDecision> DecideAll(RunPlan plan, RunConfig config, RunHistory history, IReadOnlySet<string> running)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(running);
        if (history.Completion is { } completion)
        {
            return [new RunAlreadyEnded(completion)];
        }

        if (!string.Equals(plan.GraphHash, history.Started.GraphHash, StringComparison.Ordinal))
        {
            return [new RunGraphChanged(history.Started.GraphHash, plan.GraphHash)];
        }

        // A state that failed for good fails the run once nothing is running any more.
        if (plan.Order.Any(state => !history.CompletedStates.Contains(state.Id) && !running.Contains(state.Id) && IsFailedForGood(history, config, state.Id)))
        {
            return running.Count == 0 ? [new EndRun(RunStatus.Failed, history.LastSnapshotId)] : [];
        }

        if (history.CompletedStates.Count == plan.Order.Count)
        {
            return [new EndRun(RunStatus.Completed, history.LastSnapshotId)];
        }

        var limit = config.Mode == ExecutionMode.Sequential ? 1 : config.MaxConcurrency;
        var steps = new List<RunDecision>();
        foreach (var state in plan.Order)
        {
            if (running.Count + steps.Count >= limit)
            {
                break;
            }

            if (Next(plan, config, history, running, state.Id) is { } step)
            {
                steps.Add(step);
            }
        }

        return steps;
    }

    private static EnterState? Next(RunPlan plan, RunConfig config, RunHistory history, IReadOnlySet<string> running, string stateId)
    {
        if (history.CompletedStates.Contains(stateId) || running.Contains(stateId) || !plan.Dependencies[stateId].All(history.CompletedStates.Contains))
        {
            return null;
        }

        // A crash mid-handler: the attempt's outcome was never recorded, so it runs again, as the
        // next attempt, from the context it started with.
        if (history.OpenAttempts.TryGetValue(stateId, out var orphan))
        {
            return new EnterState(stateId, orphan.Attempt + 1, orphan.BaseSnapshotId, TimeSpan.Zero);
        }

        if (history.LastInterruption(stateId) is var (interruption, interruptedBase, inARow))
        {
            return new EnterState(stateId, interruption.Attempt + 1, interruptedBase, ClusterRetry.DelayAfter(inARow - 1));
        }

        if (history.LastFailure(stateId) is var (failure, baseSnapshotId))
        {
            return new EnterState(stateId, failure.Attempt + 1, baseSnapshotId, config.Retry.DelayAfter(Counted(history, failure)));
        }

        var lastAttempt = history.LastAttempt(stateId);
        return new EnterState(stateId, lastAttempt is { } last ? last + 1 : 0, history.LastSnapshotId, TimeSpan.Zero);
    }

    private static bool IsFailedForGood(RunHistory history, RunConfig config, string stateId) =>
        !history.OpenAttempts.ContainsKey(stateId)
        && history.LastInterruption(stateId) is null
        && history.LastFailure(stateId) is var (failure, _)
        && (!failure.Retryable || Counted(history, failure) + 1 >= config.Retry.MaxAttempts);

    // The failed attempt's number among those that count: the ones the cluster cut short do not.
    private static int Counted(RunHistory history, StateFailed failure) => failure.Attempt - history.Interruptions(failure.StateId);
}
