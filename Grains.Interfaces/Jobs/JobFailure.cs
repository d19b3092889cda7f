namespace Loom.Jobs;

/// <summary>A failed run of a job, to be recorded in its outbox partition.</summary>
/// <param name="Job">The job as it is to be kept: its attempts, when it may run next, and its last error.</param>
/// <param name="ForGood">True when its attempts are spent, so it goes to the failed jobs rather than back to the pending ones.</param>
[GenerateSerializer, Immutable]
public sealed record JobFailure([property: Id(0)] JobEnvelope Job, [property: Id(1)] bool ForGood);
