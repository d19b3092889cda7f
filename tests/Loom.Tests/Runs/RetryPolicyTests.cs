using Loom.Runs;

namespace Loom.Tests.Runs;

public sealed class RetryPolicyTests
{
    [Fact]
    public void A_fixed_backoff_waits_the_same_before_every_retry()
    {
        var policy = new RetryPolicy(5, BackoffKind.Fixed, TimeSpan.FromMilliseconds(250), TimeSpan.Zero);

        Assert.All(Enumerable.Range(0, 5), attempt => Assert.Equal(TimeSpan.FromMilliseconds(250), policy.DelayAfter(attempt)));
    }

    [Fact]
    public void An_exponential_backoff_doubles_per_attempt_up_to_its_cap()
    {
        var policy = new RetryPolicy(10, BackoffKind.Exponential, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1000));

        Assert.Equal([100, 200, 400, 800, 1000, 1000], Enumerable.Range(0, 6).Select(a => policy.DelayAfter(a).TotalMilliseconds));
    }

    [Fact]
    public void A_huge_attempt_number_stays_at_the_cap_instead_of_overflowing()
    {
        var policy = new RetryPolicy(int.MaxValue, BackoffKind.Exponential, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));

        Assert.Equal(TimeSpan.FromDays(1), policy.DelayAfter(10_000));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(604_800_000L)]
    public void Delays_from_none_to_a_week_are_read_from_milliseconds(long milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RetryPolicy.Milliseconds(milliseconds, "$.config.baseDelayMs"));

    [Theory]
    [InlineData(-1L)]
    [InlineData(604_800_001L)]
    [InlineData(long.MaxValue)]
    public void A_delay_below_zero_or_past_a_week_is_refused_naming_its_field(long milliseconds)
    {
        var error = Assert.Throws<Loom.Errors.InvalidRunManifest>(() => RetryPolicy.Milliseconds(milliseconds, "$.config.maxDelayMs"));

        Assert.Equal(("invalid_run_config", "$.config.maxDelayMs"), (error.Code, error.Path));
        Assert.Contains(milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }
}
