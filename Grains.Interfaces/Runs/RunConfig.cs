namespace Loom.Runs;

/// <summary>How a run executes: its scheduling and its retries.</summary>
/// <param name="Mode">Sequential or fan-out/join.</param>
/// <param name="Retry">Tries and backoff for a failing state.</param>
/// <param name="MaxConcurrency">In fan-out/join mode, how many states may run at once.</param>
[GenerateSerializer]
public sealed record RunConfig(
    [property: Id(0)] ExecutionMode Mode,
    [property: Id(1)] RetryPolicy Retry,
    [property: Id(2)] int MaxConcurrency = 1)
{
    /// <summary>Sequential, with <see cref="RetryPolicy.Default"/>.</summary>
    public static RunConfig Default { get; } = new(ExecutionMode.Sequential, RetryPolicy.Default);
}
