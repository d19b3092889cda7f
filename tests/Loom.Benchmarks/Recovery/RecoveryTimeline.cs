namespace Loom.Benchmarks.Recovery;

/// <summary>
/// What happened to the cluster during a recovery run, in seconds on the load's clock: when silo #2 was
/// killed, when its restart began and when it was ready again, and when the cluster listed it Dead.
/// </summary>
public sealed record RecoveryTimeline(
    double Duration,
    double KillAt,
    DateTime KillUtc,
    double RestartAt,
    double? RestartReadyAt,
    string? RestartError,
    double? DeadAt,
    int DeathPolls,
    int FailedDeathPolls);
