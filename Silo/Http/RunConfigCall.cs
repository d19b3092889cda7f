using Loom.Errors;
using Loom.Runs;

namespace Loom.Silo.Http;

/// <summary>
/// A run config as JSON callers write it, in the manifest's own words (<c>"fixed"</c>, whole
/// milliseconds) rather than .NET's enum numbers and time spans; what is left out takes
/// <see cref="RunConfig.Default"/>'s value.
/// </summary>
/// <param name="Mode"><c>sequential</c> or <c>fan_out_join</c>.</param>
/// <param name="MaxConcurrency">In fan-out/join mode, how many states may run at once.</param>
/// <param name="MaxAttempts">Tries of a failing state in all, the first included.</param>
/// <param name="Backoff"><c>fixed</c> or <c>exponential</c>.</param>
/// <param name="BaseDelayMs">The fixed delay, or the exponential one's first, in milliseconds.</param>
/// <param name="MaxDelayMs">The cap of an exponential delay, in milliseconds.</param>
public sealed record RunConfigCall(string? Mode, int? MaxConcurrency, int? MaxAttempts, string? Backoff, long? BaseDelayMs, long? MaxDelayMs)
{
    /// <summary>The run config meant.</summary>
    /// <exception cref="InvalidRunManifest">The mode or the backoff is not one of its words, or a delay is out of range.</exception>
    public RunConfig ToRunConfig()
    {
        var defaults = RunConfig.Default;
        var mode = Mode switch
        {
            null => defaults.Mode,
            "sequential" => ExecutionMode.Sequential,
            "fan_out_join" => ExecutionMode.FanOutJoin,
            _ => throw new InvalidRunManifest(InvalidRunManifest.InvalidRunConfig, "$.config.mode", $"'{Mode}' is not a mode; use sequential or fan_out_join"),
        };
        var backoff = Backoff switch
        {
            null => defaults.Retry.Backoff,
            "fixed" => BackoffKind.Fixed,
            "exponential" => BackoffKind.Exponential,
            _ => throw new InvalidRunManifest(InvalidRunManifest.InvalidRunConfig, "$.config.retry.backoff", $"'{Backoff}' is not a backoff; use fixed or exponential"),
        };
        return new RunConfig(
            mode,
            new RetryPolicy(
                MaxAttempts ?? defaults.Retry.MaxAttempts,
                backoff,
                BaseDelayMs is { } baseDelay ? RetryPolicy.Milliseconds(baseDelay, "$.config.baseDelayMs") : defaults.Retry.BaseDelay,
                MaxDelayMs is { } maxDelay ? RetryPolicy.Milliseconds(maxDelay, "$.config.maxDelayMs") : defaults.Retry.MaxDelay),
            MaxConcurrency ?? defaults.MaxConcurrency);
    }
}
