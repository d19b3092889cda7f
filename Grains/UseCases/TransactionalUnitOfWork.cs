using System.Runtime.ExceptionServices;
using Loom.Errors;
using Loom.Jobs;
using Loom.Observability;
using Microsoft.Extensions.Options;
using Orleans.Transactions;

namespace Loom.UseCases;

/// <summary>
/// The unit of work on Orleans transactions. Every read in it takes an exclusive lock, so a use case
/// never upgrades a read lock to a write lock (a deadlock Orleans only breaks by timing out), and an
/// abort caused by contention is retried with jittered exponential backoff. Jobs the work dispatches
/// are written to the outbox inside the transaction, after everything else, and woken after the commit.
/// </summary>
public sealed class TransactionalUnitOfWork(
    ITransactionClient transactions,
    IJobOutbox outbox,
    IOptions<UseCaseOptions> options,
    UseCaseTelemetry telemetry) : IUnitOfWork
{
    /// <inheritdoc />
    public bool IsActive => TransactionContext.GetTransactionInfo() is not null;

    /// <inheritdoc />
    public async ValueTask<object?> RunAsync<TState>(string useCase, TState state, Func<TState, ValueTask<object?>> work)
    {
        var settings = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            object? result = null;
            Exception? failure = null;
            long? partition = null;
            try
            {
                await transactions.RunTransaction(
                    TransactionOption.Create,
                    async () =>
                    {
                        var jobs = JobBatch.Begin(useCase);
                        try
                        {
                            result = await work(state);
                            if (jobs.Jobs.Count > 0)
                            {
                                partition = await outbox.StageAsync(jobs.Jobs);
                            }

                            return true;
                        }
                        catch (Exception error)
                        {
                            failure = Unwrap(error);
                            return false;
                        }
                    },
                    useExclusiveLock: true);
            }
            catch (OrleansTransactionException error)
            {
                // The work's own exception explains an abort better than the transaction's report of it.
                failure ??= Unwrap(error);
            }

            if (failure is null)
            {
                if (partition is { } committed)
                {
                    outbox.Wake(committed);
                }

                return result;
            }

            if (!IsTransient(failure))
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            if (attempt >= settings.MaxTransactionAttempts)
            {
                throw new TransactionConflict(useCase, attempt, failure.Message);
            }

            var delay = Backoff(settings, attempt);
            telemetry.Retrying(useCase, attempt, delay, failure);
            await Task.Delay(delay);
        }
    }

    private static bool IsTransient(Exception error) =>
        error is OrleansTransactionAbortedException or OrleansTransactionOverloadException;

    /// <summary>A joined grain call that throws surfaces as a plain abort wrapping the real error.</summary>
    private static Exception Unwrap(Exception error)
    {
        while (error.GetType() == typeof(OrleansTransactionAbortedException)
            && error.InnerException is { } inner
            && inner is not OrleansTransactionException)
        {
            error = inner;
        }

        return error;
    }

    private static TimeSpan Backoff(UseCaseOptions settings, int attempt)
    {
        var ceiling = Math.Min(
            settings.RetryMaxDelay.TotalMilliseconds,
            settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }
}
