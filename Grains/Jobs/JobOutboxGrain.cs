using Loom.UseCases;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Transactions.Abstractions;

namespace Loom.Jobs;

/// <summary>
/// One outbox partition: keeps committed jobs in transactional state and runs them, each in its own
/// transaction, removing a job only after it ran. A crash between the run and the removal runs it
/// again, so jobs run at least once. Failures are retried after a growing delay, then kept as failed.
/// </summary>
/// <remarks>Reentrant: draining calls back into the grain's own transactional methods.</remarks>
[Reentrant]
public sealed class JobOutboxGrain(
    [TransactionalState("outbox")] ITransactionalState<JobOutboxState> state,
    IUseCaseExecutor executor,
    IOptions<JobOptions> options,
    TimeProvider time,
    ILogger<JobOutboxGrain> logger) : Grain, IJobOutboxGrain
{
    private bool _draining;
    private bool _drainAgain;
    private IGrainTimer? _wakeUp;

    /// <inheritdoc />
    public Task EnqueueAsync(IReadOnlyList<JobEnvelope> jobs) => state.PerformUpdate(s =>
    {
        s.Pending.AddRange(jobs);
        return true;
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<JobEnvelope>> GetPendingAsync() =>
        state.PerformRead<IReadOnlyList<JobEnvelope>>(s => s.Pending.ToArray());

    /// <inheritdoc />
    public Task<IReadOnlyList<JobEnvelope>> GetFailedAsync() =>
        state.PerformRead<IReadOnlyList<JobEnvelope>>(s => s.Failed.ToArray());

    /// <inheritdoc />
    public Task CompleteAsync(Guid jobId, JobEnvelope? retryOrFailure, bool failedForGood) => state.PerformUpdate(s =>
    {
        s.Pending.RemoveAll(j => j.Id == jobId);
        if (retryOrFailure is null)
        {
            return true;
        }

        var kept = failedForGood ? s.Failed : s.Pending;
        kept.Add(retryOrFailure);
        if (failedForGood && s.Failed.Count > options.Value.FailedJobsKept)
        {
            s.Failed.RemoveRange(0, s.Failed.Count - options.Value.FailedJobsKept);
        }

        return true;
    });

    /// <inheritdoc />
    public async Task DrainAsync()
    {
        if (_draining)
        {
            _drainAgain = true;
            return;
        }

        _draining = true;
        try
        {
            do
            {
                _drainAgain = false;
                await RunDueJobsAsync();
            }
            while (_drainAgain);
        }
        catch (Exception error)
        {
            JobLog.DrainFailed(logger, error, this.GetPrimaryKeyLong());
        }
        finally
        {
            _draining = false;
        }
    }

    private async Task RunDueJobsAsync()
    {
        var self = this.AsReference<IJobOutboxGrain>();
        var now = time.GetUtcNow();
        DateTimeOffset? nextDue = null;
        foreach (var job in await self.GetPendingAsync())
        {
            if (job.NotBefore > now)
            {
                nextDue = nextDue is { } due && due < job.NotBefore ? due : job.NotBefore;
                continue;
            }

            await RunAsync(self, job);
        }

        if (nextDue is { } wakeAt)
        {
            _wakeUp?.Dispose();
            _wakeUp = this.RegisterGrainTimer(
                _ => self.DrainAsync(),
                new GrainTimerCreationOptions(wakeAt - now, Timeout.InfiniteTimeSpan) { Interleave = true });
        }
    }

    private async Task RunAsync(IJobOutboxGrain self, JobEnvelope job)
    {
        try
        {
            await executor.ExecuteAsync(job.UseCase, UseCaseArguments.FromJson(job.Parameters, job.Payload));
        }
        catch (Exception error)
        {
            await self.CompleteAsync(job.Id, Failed(job, error, out var forGood), forGood);
            return;
        }

        await self.CompleteAsync(job.Id, null, failedForGood: false);
    }

    private JobEnvelope Failed(JobEnvelope job, Exception error, out bool forGood)
    {
        var settings = options.Value;
        var attempts = job.Attempts + 1;
        var reason = $"{error.GetType().Name}: {error.Message}";
        forGood = attempts >= settings.MaxAttempts;
        if (forGood)
        {
            JobLog.FailedForGood(logger, job.UseCase, job.Id, attempts, reason);
            return job with { Attempts = attempts, NotBefore = null, LastError = reason };
        }

        var delay = TimeSpan.FromTicks(Math.Min(settings.RetryMaxDelay.Ticks, settings.RetryBaseDelay.Ticks << Math.Min(attempts - 1, 30)));
        var notBefore = time.GetUtcNow() + delay;
        JobLog.WillRetry(logger, job.UseCase, job.Id, attempts, notBefore, reason);
        return job with { Attempts = attempts, NotBefore = notBefore, LastError = reason };
    }
}
