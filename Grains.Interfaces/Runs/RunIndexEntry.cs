namespace Loom.Runs;

/// <summary>A run as the index of its operation lists it.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="OperationId">Its operation.</param>
/// <param name="Version">The operation version it runs.</param>
/// <param name="Phase">Its phase when it last reported.</param>
/// <param name="UpdatedAt">When it reported that phase.</param>
[GenerateSerializer]
public sealed record RunIndexEntry(
    [property: Id(0)] string RunId,
    [property: Id(1)] string OperationId,
    [property: Id(2)] int Version,
    [property: Id(3)] RunPhase Phase,
    [property: Id(4)] DateTimeOffset UpdatedAt);
