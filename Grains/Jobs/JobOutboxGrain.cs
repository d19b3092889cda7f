using Loom.UseCases;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Transactions.Abstractions;

namespace Loom.Jobs;

/// <summary>
/// One outbox partition: keeps committed jobs in transactional state and runs the due ones in
/// concurrent batches, each job in its own transaction, then records the batch's outcomes in one
/// transaction. A crash between a run and that record runs the job again, so jobs run at least once.
/// Failures are retried after a growing delay, then kept as failed.
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
    public Task CompleteAsync(IReadOnlyList<JobOutcome> outcomes) => state.PerformUpdate(s =>
    {
        var done = outcomes.Select(o => o.JobId).ToHashSet();
        s.Pending.RemoveAll(j => done.Contains(j.Id));
        foreach (var outcome in outcomes)
        {
            if (outcome.Next is { } kept)
            {
                (outcome.FailedForGood ? s.Failed : s.Pending).Add(kept);
            }
        }

        if (s.Failed.Count > options.Value.FailedJobsKept)
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
        var pending = await self.GetPendingAsync();
        var nextDue = pending.Where(j => j.NotBefore > now).Min(j => j.NotBefore);
        foreach (var batch in pending.Where(j => !(j.NotBefore > now)).Chunk(options.Value.ConcurrentJobs))
        {
            var outcomes = await Task.WhenAll(batch.Select(RunAsync));
            await self.CompleteAsync(outcomes);
            var retried = outcomes.Where(o => !o.FailedForGood).Min(o => o.Next?.NotBefore);
            nextDue = retried < nextDue || nextDue is null ? retried : nextDue;
        }

        if (nextDue is { } wakeAt)
        {
            _wakeUp?.Dispose();
            _wakeUp = this.RegisterGrainTimer(
                _ => self.DrainAsync(),
                new GrainTimerCreationOptions(wakeAt - now, Timeout.InfiniteTimeSpan) { Interleave = true });
        }
    }

    private async Task<JobOutcome> RunAsync(JobEnvelope job)
    {
        try
        {
            await executor.ExecuteAsync(job.UseCase, UseCaseArguments.FromJson(job.Parameters, job.Payload));
            return new JobOutcome(job.Id);
        }
        catch (Exception error)
        {
            return Failed(job, error);
        }
    }

    private JobOutcome Failed(JobEnvelope job, Exception error)
    {
        var settings = options.Value;
        var attempts = job.Attempts + 1;
        var reason = $"{error.GetType().Name}: {error.Message}";
        if (attempts >= settings.MaxAttempts)
        {
            JobLog.FailedForGood(logger, job.UseCase, job.Id, attempts, reason);
            return new JobOutcome(job.Id, job with { Attempts = attempts, NotBefore = null, LastError = reason }, FailedForGood: true);
        }

        var delay = TimeSpan.FromTicks(Math.Min(settings.RetryMaxDelay.Ticks, settings.RetryBaseDelay.Ticks << Math.Min(attempts - 1, 30)));
        var notBefore = time.GetUtcNow() + delay;
        JobLog.WillRetry(logger, job.UseCase, job.Id, attempts, notBefore, reason);
        return new JobOutcome(job.Id, job with { Attempts = attempts, NotBefore = notBefore, LastError = reason });
    }
}
