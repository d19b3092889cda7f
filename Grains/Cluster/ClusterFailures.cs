using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Transactions;

namespace Loom.Cluster;

/// <summary>Tells failures the cluster caused from failures of the work itself.</summary>
internal static class ClusterFailures
{
    /// <summary>
    /// Whether the cluster, not the work, cut an attempt short: a silo that is gone or going, a
    /// connection that failed, a message the runtime rejected, or a transaction whose outcome or locks
    /// a crash took away. Such an attempt is tried again until the cluster answers, and does not count
    /// against the work's attempts.
    /// </summary>
    public static bool IsClusterFailure(Exception error) => error switch
    {
        OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException => true,
        OrleansTransactionInDoubtException or OrleansTransactionTransientFailureException or OrleansOrphanCallException => true,
        OrleansTransactionServiceNotAvailableException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsClusterFailure),
        { InnerException: { } inner } when error.GetType() == typeof(OrleansTransactionAbortedException) => IsClusterFailure(inner),
        _ => false,
    };
}
