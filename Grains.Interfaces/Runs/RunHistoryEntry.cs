namespace Loom.Runs;

/// <summary>One event of a run's history, as stored.</summary>
/// <param name="Sequence">Its position: 1 for RunStarted, then one more for each event, without gaps.</param>
/// <param name="Type">The event's type, such as <c>StateCompleted</c>.</param>
/// <param name="Json">The event's fields as JSON.</param>
/// <param name="RecordedAt">When it was appended.</param>
[GenerateSerializer]
public sealed record RunHistoryEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Type,
    [property: Id(2)] string Json,
    [property: Id(3)] DateTimeOffset RecordedAt);
