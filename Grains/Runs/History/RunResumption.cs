namespace Loom.Runs.History;

/// <summary>
/// Decides, from a run's history, what a sequential run does next; the same decision serves a run
/// that just finished a state and one reactivated after a crash, so resuming is not a special path.
/// </summary>
public static class RunResumption
{
    /// <summary>The next step of a run of <paramref name="plan"/> with <paramref name="config"/> whose events fold to <paramref name="history"/>.</summary>
    public static RunDecision Decide(RunPlan plan, RunConfig config, RunHistory history)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(history);
        if (history.Completion is { } completion)
        {
            return new RunAlreadyEnded(completion);
        }

        if (!string.Equals(plan.GraphHash, history.Started.GraphHash, StringComparison.Ordinal))
        {
            return new RunGraphChanged(history.Started.GraphHash, plan.GraphHash);
        }

        // A crash mid-handler: the attempt's outcome was never recorded, so it runs again, as the
        // next attempt, from the context it started with.
        if (history.OpenAttempts.Values.FirstOrDefault() is { } orphan)
        {
            return new EnterState(orphan.StateId, orphan.Attempt + 1, orphan.BaseSnapshotId, TimeSpan.Zero);
        }

        var next = plan.Order.FirstOrDefault(state => !history.CompletedStates.Contains(state.Id));
        if (next is null)
        {
            return new EndRun(RunStatus.Completed, history.LastSnapshotId);
        }

        if (history.LastFailure(next.Id) is var (failure, baseSnapshotId))
        {
            var attempt = failure.Attempt + 1;
            return failure.Retryable && attempt < config.Retry.MaxAttempts
                ? new EnterState(next.Id, attempt, baseSnapshotId, config.Retry.DelayAfter(failure.Attempt))
                : new EndRun(RunStatus.Failed, history.LastSnapshotId);
        }

        var lastAttempt = history.LastAttempt(next.Id);
        return new EnterState(next.Id, lastAttempt is { } last ? last + 1 : 0, history.LastSnapshotId, TimeSpan.Zero);
    }
}
