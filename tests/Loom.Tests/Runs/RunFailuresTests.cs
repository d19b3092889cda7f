using Loom.Errors;
using Loom.Runs;
using Orleans.Runtime;

namespace Loom.Tests.Runs;

public sealed class RunFailuresTests
{
    [Fact]
    public void Failures_that_pass_with_time_are_retryable_and_the_rest_are_not()
    {
        Assert.True(RunFailures.IsRetryable(new TimeoutException()));
        Assert.True(RunFailures.IsRetryable(new IOException()));
        Assert.True(RunFailures.IsRetryable(new SiloUnavailableException("the local Orleans host is shutting down")));
        Assert.True(RunFailures.IsRetryable(new TransactionConflict("Transfer", 8, "aborted")));
        Assert.True(RunFailures.IsRetryable(new AggregateException(new TimeoutException(), new IOException())));
        Assert.False(RunFailures.IsRetryable(new AggregateException(new TimeoutException(), new ArgumentException())));
        Assert.False(RunFailures.IsRetryable(new InvalidOperationException()));
        Assert.False(RunFailures.IsRetryable(new NotFound("Account", "a")));
    }

    [Fact]
    public void An_explicit_verdict_wins_over_the_type()
    {
        Assert.False(RunFailures.IsRetryable(new RunStateException("bad month", retryable: false, new TimeoutException())));
        Assert.True(RunFailures.IsRetryable(new RunStateException("mail gateway busy", retryable: true)));
    }
}
