namespace Loom.Observability;

/// <summary>One compile or execution event, as the metrics port receives it.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="UseCase">The use case's name.</param>
/// <param name="Duration">How long it took, for done and failed events.</param>
/// <param name="Status"><see cref="UseCaseStatus"/> for done and failed events.</param>
/// <param name="Error">The failure, for failed events.</param>
/// <param name="TraceId">The current trace id, if any.</param>
public sealed record UseCaseEvent(
    UseCaseEventKind Kind,
    string UseCase,
    TimeSpan? Duration = null,
    string? Status = null,
    Exception? Error = null,
    string? TraceId = null);
