namespace Loom.Runs.History;

/// <summary>One entry of a run's history, the only source of truth about the run.</summary>
public abstract record RunEvent;

/// <summary>The run began: what it runs (operation, version, the graph's hash), its manifest and its first context.</summary>
public sealed record RunStarted(string OperationId, int Version, string GraphHash, string ManifestId, string InitialSnapshotId) : RunEvent;

/// <summary>A state's attempt began from a context snapshot; a crash before its outcome leaves this open.</summary>
public sealed record StateEntered(string StateId, int Attempt, string BaseSnapshotId) : RunEvent;

/// <summary>A state's attempt succeeded and left the context as the snapshot names.</summary>
public sealed record StateCompleted(string StateId, int Attempt, string SnapshotId) : RunEvent;

/// <summary>A state's attempt failed; whether trying again can help is the handler's call.</summary>
public sealed record StateFailed(string StateId, int Attempt, string Error, bool Retryable) : RunEvent;

/// <summary>
/// The cluster cut a state's attempt short (a silo lost, a connection failed, a transaction in doubt):
/// it runs again once the cluster answers, and does not count against the state's attempts.
/// </summary>
public sealed record StateInterrupted(string StateId, int Attempt, string Error) : RunEvent;

/// <summary>The run ended.</summary>
public sealed record RunCompleted(RunStatus Status, string FinalSnapshotId) : RunEvent;

/// <summary>An event a handler emitted, recorded with the state that emitted it.</summary>
public sealed record DomainEventRecorded(string StateId, string Name, string DataJson) : RunEvent;

/// <summary>The run stopped without ending: it cannot go on as it is (its graph changed under its version).</summary>
public sealed record RunHalted(string Code, string Reason) : RunEvent;
