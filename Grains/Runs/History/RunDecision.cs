namespace Loom.Runs.History;

/// <summary>What a run does next, decided from its history alone.</summary>
public abstract record RunDecision;

/// <summary>The run has ended: report how, and write nothing.</summary>
public sealed record RunAlreadyEnded(RunCompleted Completion) : RunDecision;

/// <summary>The graph registered under the run's version is not the one the run started on: stop, and run nothing.</summary>
public sealed record RunGraphChanged(string RecordedHash, string DeployedHash) : RunDecision;

/// <summary>End the run with this status and final context.</summary>
public sealed record EndRun(RunStatus Status, string FinalSnapshotId) : RunDecision;

/// <summary>Enter <paramref name="StateId"/> as attempt <paramref name="Attempt"/> from a context snapshot, after waiting <paramref name="Delay"/>.</summary>
public sealed record EnterState(string StateId, int Attempt, string BaseSnapshotId, TimeSpan Delay) : RunDecision;
