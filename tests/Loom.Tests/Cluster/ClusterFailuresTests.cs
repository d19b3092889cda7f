using Loom.Cluster;
using Loom.Errors;
using Loom.Runs;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Transactions;

namespace Loom.Tests.Cluster;

public sealed class ClusterFailuresTests
{
    [Fact]
    public void Failures_the_cluster_causes_are_told_apart_from_the_work_s_own()
    {
        Assert.True(ClusterFailures.IsClusterFailure(new SiloUnavailableException("the target silo became unavailable")));
        Assert.True(ClusterFailures.IsClusterFailure(new ConnectionFailedException("connection refused")));
        Assert.True(ClusterFailures.IsClusterFailure(new OrleansTransactionInDoubtException("tx", new TimeoutException())));
        Assert.True(ClusterFailures.IsClusterFailure(new OrleansBrokenTransactionLockException("tx", "lock broken")));
        Assert.True(ClusterFailures.IsClusterFailure(new OrleansTransactionAbortedException("tx", new SiloUnavailableException())));
        Assert.True(ClusterFailures.IsClusterFailure(new AggregateException(new SiloUnavailableException(), new ConnectionFailedException("refused"))));
        Assert.False(ClusterFailures.IsClusterFailure(new AggregateException(new SiloUnavailableException(), new ArgumentException())));
        Assert.False(ClusterFailures.IsClusterFailure(new OrleansTransactionAbortedException("tx", new InvalidOperationException())));
        Assert.False(ClusterFailures.IsClusterFailure(new TimeoutException()));
        Assert.False(ClusterFailures.IsClusterFailure(new TransactionConflict("Transfer", 8, "aborted")));
        Assert.False(ClusterFailures.IsClusterFailure(new RunStateException("mail gateway busy", retryable: true, new SiloUnavailableException())));
    }
}
