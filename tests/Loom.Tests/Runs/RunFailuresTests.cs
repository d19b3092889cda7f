using Loom.Errors;
using Loom.Runs;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Transactions;

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

    [Fact]
    public void Failures_the_cluster_causes_are_told_apart_from_the_handler_s_own()
    {
        Assert.True(RunFailures.IsClusterFailure(new SiloUnavailableException("the target silo became unavailable")));
        Assert.True(RunFailures.IsClusterFailure(new ConnectionFailedException("connection refused")));
        Assert.True(RunFailures.IsClusterFailure(new OrleansTransactionInDoubtException("tx", new TimeoutException())));
        Assert.True(RunFailures.IsClusterFailure(new OrleansBrokenTransactionLockException("tx", "lock broken")));
        Assert.True(RunFailures.IsClusterFailure(new OrleansTransactionAbortedException("tx", new SiloUnavailableException())));
        Assert.True(RunFailures.IsClusterFailure(new AggregateException(new SiloUnavailableException(), new ConnectionFailedException("refused"))));
        Assert.False(RunFailures.IsClusterFailure(new AggregateException(new SiloUnavailableException(), new ArgumentException())));
        Assert.False(RunFailures.IsClusterFailure(new OrleansTransactionAbortedException("tx", new InvalidOperationException())));
        Assert.False(RunFailures.IsClusterFailure(new TimeoutException()));
        Assert.False(RunFailures.IsClusterFailure(new TransactionConflict("Transfer", 8, "aborted")));
        Assert.False(RunFailures.IsClusterFailure(new RunStateException("mail gateway busy", retryable: true, new SiloUnavailableException())));
    }
}
