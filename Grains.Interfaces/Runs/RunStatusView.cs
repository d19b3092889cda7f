namespace Loom.Runs;

/// <summary>A run as its history shows it now.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="OperationId">The operation it runs (empty when not started).</param>
/// <param name="Version">The operation version it started on.</param>
/// <param name="Phase">Where it is.</param>
/// <param name="CurrentState">The state running, waiting or last failed; null when none.</param>
/// <param name="Attempt">That state's attempt (0 for the first).</param>
/// <param name="LastError">The latest failure's message, if any.</param>
/// <param name="HaltCode">Why a halted run stopped, such as <c>graph_changed</c>.</param>
[GenerateSerializer]
public sealed record RunStatusView(
    [property: Id(0)] string RunId,
    [property: Id(1)] string OperationId,
    [property: Id(2)] int Version,
    [property: Id(3)] RunPhase Phase,
    [property: Id(4)] string? CurrentState,
    [property: Id(5)] int Attempt,
    [property: Id(6)] string? LastError,
    [property: Id(7)] string? HaltCode);
