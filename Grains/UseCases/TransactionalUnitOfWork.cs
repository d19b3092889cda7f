using System.Runtime.ExceptionServices;
using Loom.Entities;
using Loom.Errors;
using Loom.Jobs;
using Loom.Observability;
using Microsoft.Extensions.Options;
using Orleans.Transactions;

namespace Loom.UseCases;

/// <summary>
/// The unit of work on Orleans transactions. Every read in it takes an exclusive lock, so a use case
/// never upgrades a read lock to a write lock (a deadlock Orleans only breaks by timing out), and an
/// abort caused by contention is retried with jittered exponential backoff, as long as the retry,
/// judged by how long the last attempt took, can end within the <see cref="UseCaseOptions.RetryBudget"/>. Entities the silo's
/// <see cref="EntitySnapshots"/> know are read without a lock and version-checked as their locks are
/// taken; when one proved stale the work runs again at once, reading under locks, and an entity that
/// moves even under a lock counts as contention. Jobs the work dispatches are written to the outbox
/// inside the transaction, after everything else (with the removal of the job the work runs, if it
/// runs one), and woken after the commit. A read-only use case runs outside it, and again when a
/// read's own transaction aborts.
/// </summary>
public sealed class TransactionalUnitOfWork(
    ITransactionClient transactions,
    EntitySnapshots snapshots,
    IJobOutbox outbox,
    IOptions<UseCaseOptions> options,
    UseCaseTelemetry telemetry,
    TimeProvider time) : IUnitOfWork
{
    /// <inheritdoc />
    public bool IsActive => TransactionContext.GetTransactionInfo() is not null;

    /// <inheritdoc />
    public async ValueTask<object?> RunAsync(string useCase, object state, Func<object, ValueTask<object?>> work, TimeSpan spent = default)
    {
        var started = time.GetTimestamp();
        var usesSnapshots = true;
        var attempt = 1;
        while (true)
        {
            var attemptStarted = time.GetTimestamp();
            object? result = null;
            Exception? failure = null;
            long? partition = null;
            EntityWorkspace? workspace = null;
            try
            {
                await transactions.RunTransaction(
                    TransactionOption.Create,
                    async () =>
                    {
                        var jobs = JobBatch.Begin(useCase);
                        workspace = EntityWorkspace.Begin(usesSnapshots);
                        try
                        {
                            result = await work(state);
                            await workspace.LockAllAsync();
                            partition = await jobs.WriteAsync(outbox);

                            return true;
                        }
                        catch (Exception error)
                        {
                            failure = await ExplainAsync(workspace, Unwrap(error));
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
                workspace?.Publish(snapshots);
                if (partition is { } committed)
                {
                    outbox.Wake(committed);
                }

                return result;
            }

            if (failure is (StaleEntity or UnconfirmedSnapshots) && usesSnapshots)
            {
                // Not contention a backoff could ease: the attempt runs again at once, reading under locks.
                if (failure is StaleEntity stale)
                {
                    snapshots.Stale(new EntityKey(stale.Entity, stale.Id));
                }

                telemetry.Retrying(useCase, attempt, TimeSpan.Zero, failure);
                usesSnapshots = false;
                continue;
            }

            // Under locks an entity moves only when what the work read was rolled back with a
            // transaction it depended on: that attempt is lost to contention, like an abort.
            if (!IsTransient(failure) && failure is not StaleEntity)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            await WaitToRetryAsync(useCase, attempt, failure, spent + time.GetElapsedTime(started), time.GetElapsedTime(attemptStarted));
            attempt++;
        }
    }

    /// <inheritdoc />
    public ValueTask<object?> ReadAsync(string useCase, object state, Func<object, ValueTask<object?>> work)
    {
        var read = work(state);
        return read.IsCompletedSuccessfully ? read : ReadAgainOnAbortAsync(useCase, state, work, read);
    }

    private async ValueTask<object?> ReadAgainOnAbortAsync(string useCase, object state, Func<object, ValueTask<object?>> work, ValueTask<object?> read)
    {
        var started = time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var attemptStarted = time.GetTimestamp();
            try
            {
                return await read;
            }
            catch (Exception error) when (IsTransient(Unwrap(error)))
            {
                await WaitToRetryAsync(useCase, attempt, error, time.GetElapsedTime(started), time.GetElapsedTime(attemptStarted));
            }

            read = work(state);
        }
    }

    /// <summary>
    /// Waits out the backoff after a transient failure, or reports a conflict once the attempts are spent
    /// or another one, taking as long as the last (which waited on locks, as behind a dead silo's
    /// transaction), would end past the budget, when its caller may have given up.
    /// </summary>
    private async Task WaitToRetryAsync(string useCase, int attempt, Exception failure, TimeSpan elapsed, TimeSpan lastAttempt)
    {
        var settings = options.Value;
        var delay = Backoff(settings, attempt);
        if (attempt >= settings.MaxTransactionAttempts || elapsed + delay + lastAttempt >= settings.RetryBudget)
        {
            throw new TransactionConflict(useCase, attempt, failure.Message);
        }

        telemetry.Retrying(useCase, attempt, delay, failure);
        await Task.Delay(delay);
    }

    /// <summary>
    /// A work that failed on its own may have judged entities by stale snapshots: their versions are
    /// checked first, and a stale one is the failure to report, so that the work is run again.
    /// </summary>
    private async Task<Exception> ExplainAsync(EntityWorkspace workspace, Exception failure)
    {
        if (failure is StaleEntity || IsTransient(failure))
        {
            return failure;
        }

        try
        {
            await workspace.ConfirmReadsAsync();
            return failure;
        }
        catch (StaleEntity stale)
        {
            return stale;
        }
        catch (Exception error)
        {
            return new UnconfirmedSnapshots(Unwrap(error));
        }
    }

    /// <summary>A failed work's snapshots could not be checked, so its failure cannot be trusted: it runs again under locks.</summary>
    private sealed class UnconfirmedSnapshots(Exception cause)
        : Exception($"the snapshots the work read could not be confirmed: {cause.Message}", cause);

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
