using Loom.Cluster;
using Loom.UseCases;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Transactions.Abstractions;

namespace Loom.Jobs;

/// <summary>
/// One outbox partition: keeps committed jobs in transactional state and runs the due ones in
/// concurrent batches, each job in its own transaction, which also takes the job out of the partition.
/// A job's effects and its removal commit together, so a crash at any point neither loses a job nor
/// lets one take effect twice. Failures are recorded per batch and retried after a growing delay,
/// then kept as failed; a failure the cluster caused (a silo lost mid-run) does not use up an attempt.
/// </summary>
/// <remarks>Reentrant: draining calls back into the grain's own transactional methods.</remarks>
[Reentrant]
public sealed class JobOutboxGrain(
    [TransactionalState("outbox")] ITransactionalState<JobOutboxState> state,
    IUseCaseExecutor executor,
    IUnitOfWork unitOfWork,
    IOptions<JobOptions> options,
    TimeProvider time,
    ILogger<JobOutboxGrain> logger) : Grain, IJobOutboxGrain
{
    private static readonly Func<object, ValueTask<object?>> RunJob = run => ((JobRun)run).RunAsync();

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
    public Task<bool> TakeAsync(Guid jobId) => state.PerformUpdate(s => s.Pending.RemoveAll(j => j.Id == jobId) > 0);

    /// <inheritdoc />
    public Task RecordFailuresAsync(IReadOnlyList<JobFailure> failures) => state.PerformUpdate(s =>
    {
        foreach (var failure in failures)
        {
            var at = s.Pending.FindIndex(j => j.Id == failure.Job.Id);
            if (at < 0)
            {
                continue;
            }

            if (failure.ForGood)
            {
                s.Pending.RemoveAt(at);
                s.Failed.Add(failure.Job);
            }
            else
            {
                s.Pending[at] = failure.Job;
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
            var failures = (await Task.WhenAll(batch.Select(RunAsync))).OfType<JobFailure>().ToArray();
            if (failures.Length > 0)
            {
                await self.RecordFailuresAsync(failures);
            }

            var retried = failures.Where(f => !f.ForGood).Min(f => f.Job.NotBefore);
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

    /// <summary>Runs a job; null when it committed, or when an earlier run of it did.</summary>
    private async Task<JobFailure?> RunAsync(JobEnvelope job)
    {
        try
        {
            await unitOfWork.RunAsync(job.UseCase, new JobRun(this.GetPrimaryKeyLong(), executor, job), RunJob);
            return null;
        }
        catch (JobAlreadyDone)
        {
            return null;
        }
        catch (Exception error)
        {
            return Failed(job, error);
        }
    }

    private JobFailure Failed(JobEnvelope job, Exception error)
    {
        var settings = options.Value;
        var reason = $"{error.GetType().Name}: {error.Message}";
        if (ClusterFailures.IsClusterFailure(error))
        {
            var interruptions = job.Interruptions + 1;
            var after = time.GetUtcNow() + Backoff(settings, interruptions);
            JobLog.Interrupted(logger, job.UseCase, job.Id, interruptions, after, reason);
            return new JobFailure(job with { Interruptions = interruptions, NotBefore = after, LastError = reason }, ForGood: false);
        }

        var attempts = job.Attempts + 1;
        if (attempts >= settings.MaxAttempts)
        {
            JobLog.FailedForGood(logger, job.UseCase, job.Id, attempts, reason);
            return new JobFailure(job with { Attempts = attempts, NotBefore = null, LastError = reason }, ForGood: true);
        }

        var notBefore = time.GetUtcNow() + Backoff(settings, attempts);
        JobLog.WillRetry(logger, job.UseCase, job.Id, attempts, notBefore, reason);
        return new JobFailure(job with { Attempts = attempts, Interruptions = 0, NotBefore = notBefore, LastError = reason }, ForGood: false);
    }

    /// <summary>The wait after the <paramref name="failures"/>-th failure in a row: doubling from the base delay, up to the longest.</summary>
    private static TimeSpan Backoff(JobOptions settings, int failures) =>
        TimeSpan.FromTicks(Math.Min(settings.RetryMaxDelay.Ticks, settings.RetryBaseDelay.Ticks << Math.Min(failures - 1, 30)));

    /// <summary>One run of a job as the unit of work runs it: the use case, and the job's removal from its partition as the work commits.</summary>
    private sealed record JobRun(long Partition, IUseCaseExecutor Executor, JobEnvelope Job)
    {
        public ValueTask<object?> RunAsync()
        {
            JobBatch.Current!.Running = (Partition, Job.Id);
            return Executor.ExecuteAsync(Job.UseCase, UseCaseArguments.FromJson(Job.Parameters, Job.Payload));
        }
    }
}
