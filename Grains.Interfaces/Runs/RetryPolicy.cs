namespace Loom.Runs;

/// <summary>How often a failing state is tried and how long a run waits between tries.</summary>
/// <param name="MaxAttempts">Tries in all, the first included (1 means no retry).</param>
/// <param name="Backoff">Fixed or exponential.</param>
/// <param name="BaseDelay">The fixed delay, or the exponential one's first.</param>
/// <param name="MaxDelay">The cap of an exponential delay (ignored when fixed).</param>
[GenerateSerializer]
public sealed record RetryPolicy(
    [property: Id(0)] int MaxAttempts,
    [property: Id(1)] BackoffKind Backoff,
    [property: Id(2)] TimeSpan BaseDelay,
    [property: Id(3)] TimeSpan MaxDelay)
{
    /// <summary>Three tries, one second apart and doubling, at most a minute.</summary>
    public static RetryPolicy Default { get; } = new(3, BackoffKind.Exponential, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

    /// <summary>The longest wait between tries: a week, well inside what a grain timer can wait.</summary>
    public static TimeSpan LongestDelay { get; } = TimeSpan.FromDays(7);

    /// <summary>A delay given in whole milliseconds, as callers write it.</summary>
    /// <exception cref="Errors.InvalidRunManifest">The value is negative or longer than <see cref="LongestDelay"/>; <paramref name="field"/> names it.</exception>
    public static TimeSpan Milliseconds(long value, string field) =>
        value >= 0 && value <= (long)LongestDelay.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(value)
            : throw new Errors.InvalidRunManifest(Errors.InvalidRunManifest.InvalidRunConfig, field, $"{value} ms is not a delay; use 0 to {(long)LongestDelay.TotalMilliseconds} ms (a week)");

    /// <summary>The wait after attempt <paramref name="attempt"/> (0 for the first) failed, before the next.</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        if (Backoff == BackoffKind.Fixed)
        {
            return BaseDelay;
        }

        // Doubling past the cap is pointless and would overflow: stop at the first power that reaches it.
        var delay = BaseDelay;
        for (var i = 0; i < attempt && delay < MaxDelay; i++)
        {
            delay = delay > MaxDelay / 2 ? MaxDelay : delay * 2;
        }

        return delay < MaxDelay ? delay : MaxDelay;
    }
}
