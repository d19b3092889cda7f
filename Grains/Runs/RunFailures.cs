using Loom.Errors;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Transactions;

namespace Loom.Runs;

/// <summary>Whether a handler's exception is worth another attempt, when the handler did not say.</summary>
public static class RunFailures
{
    /// <summary>
    /// Retryable: an explicit <see cref="RunStateException"/> verdict, or the kinds of failure that
    /// pass with time (timeouts, I/O and network errors, transaction conflicts and aborts, a silo
    /// that is unavailable or shutting down, a message Orleans rejected, a busy gateway). Anything
    /// else (bad input, a bug) fails the same way again, so it is not.
    /// </summary>
    public static bool IsRetryable(Exception error) => error switch
    {
        RunStateException explicitVerdict => explicitVerdict.Retryable,
        TimeoutException or IOException or HttpRequestException or TransactionConflict or OrleansTransactionAbortedException => true,
        OrleansMessageRejectionException or GatewayTooBusyException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsRetryable),
        _ => false,
    };

    /// <summary>
    /// Whether the cluster, not the handler, cut the attempt short: a silo that is gone or going, a
    /// connection that failed, a message the runtime rejected, or a transaction whose outcome or locks
    /// a crash took away. Such an attempt is tried again until the cluster answers, and does not count
    /// against the state's attempts. An explicit <see cref="RunStateException"/> verdict is the handler's own.
    /// </summary>
    public static bool IsClusterFailure(Exception error) => error switch
    {
        RunStateException => false,
        OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException => true,
        OrleansTransactionInDoubtException or OrleansTransactionTransientFailureException or OrleansOrphanCallException => true,
        OrleansTransactionServiceNotAvailableException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsClusterFailure),
        { InnerException: { } inner } when error.GetType() == typeof(OrleansTransactionAbortedException) => IsClusterFailure(inner),
        _ => false,
    };
}
