namespace Loom.Jobs;

/// <summary>A job waiting in the outbox, or one that failed for good: which use case to run, with what, and its history.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="UseCase">The registered use case the job runs.</param>
/// <param name="Parameters">Its parameters as a JSON object, or null.</param>
/// <param name="Payload">Its command payload as JSON, or null.</param>
/// <param name="DispatchedBy">The use case that dispatched it.</param>
/// <param name="DispatchedAt">When the dispatching transaction ran.</param>
/// <param name="Attempts">How many times it has run and failed.</param>
/// <param name="NotBefore">When it may run next; null for at once.</param>
/// <param name="LastError">The last failure's type and message.</param>
/// <param name="Interruptions">How many runs in a row the cluster cut short (a silo lost mid-run); they use up no attempts.</param>
[GenerateSerializer, Immutable]
public sealed record JobEnvelope(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string UseCase,
    [property: Id(2)] string? Parameters,
    [property: Id(3)] string? Payload,
    [property: Id(4)] string DispatchedBy,
    [property: Id(5)] DateTimeOffset DispatchedAt,
    [property: Id(6)] int Attempts = 0,
    [property: Id(7)] DateTimeOffset? NotBefore = null,
    [property: Id(8)] string? LastError = null,
    [property: Id(9)] int Interruptions = 0);
