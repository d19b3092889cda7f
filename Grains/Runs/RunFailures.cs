using Loom.Errors;
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
}
