namespace Loom.Jobs;

/// <summary>What one run of a job came to, recorded in its outbox partition.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Next">Null when it succeeded; else the job as it is to be kept, with its attempts and error.</param>
/// <param name="FailedForGood">True when <paramref name="Next"/> goes to the failed jobs rather than back to the pending ones.</param>
[GenerateSerializer, Immutable]
public sealed record JobOutcome([property: Id(0)] Guid JobId, [property: Id(1)] JobEnvelope? Next = null, [property: Id(2)] bool FailedForGood = false);
