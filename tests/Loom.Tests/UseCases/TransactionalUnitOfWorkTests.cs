using Loom.Entities;
using Loom.Errors;
using Loom.Jobs;
using Loom.Observability;
using Loom.Tests.Support;
using Loom.UseCases;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Transactions;

namespace Loom.Tests.UseCases;

public sealed class TransactionalUnitOfWorkTests
{
    private static readonly Func<Exception?> LockConflict = () => new OrleansTransactionLockUpgradeException("tx");
    private static readonly Func<Exception?> BrokenLock = () => new OrleansBrokenTransactionLockException("tx", "during prepare");

    [Fact]
    public async Task Retries_an_abort_for_contention_and_returns_the_result_once_it_commits()
    {
        var (unitOfWork, client, sink) = Create(LockConflict, BrokenLock);
        var runs = 0;

        var result = await unitOfWork.RunAsync("Transfer", 0, _ => ValueTask.FromResult<object?>(++runs));

        Assert.Equal(3, result);
        Assert.Equal(3, client.Attempts);
        Assert.Equal(2, sink.Events.Count(e => e.Kind == UseCaseEventKind.ExecutionRetried));
    }

    [Fact]
    public async Task Reports_a_transaction_conflict_when_the_attempts_are_spent()
    {
        var (unitOfWork, client, _) = Create(LockConflict, LockConflict, LockConflict, LockConflict);

        var error = await Assert.ThrowsAsync<TransactionConflict>(() => unitOfWork.RunAsync("Transfer", 0, _ => ValueTask.FromResult<object?>(1)).AsTask());

        Assert.Equal(("Transfer", 3), (error.UseCase, error.Attempts));
        Assert.Equal(3, client.Attempts);
    }

    [Fact]
    public async Task Starts_no_attempt_that_taking_as_long_as_the_last_would_end_past_the_retry_budget()
    {
        var clock = new FakeTimeProvider();
        var (unitOfWork, client, _) = Create(new RecordingOutbox(), clock, LockConflict, LockConflict);

        var error = await Assert.ThrowsAsync<TransactionConflict>(() => unitOfWork.RunAsync("Transfer", 0, _ =>
        {
            // Each attempt waits 15 s on a lock, as behind a transaction whose silo died: a second one
            // would answer after 30 s, when the caller's response timeout has passed.
            clock.Advance(TimeSpan.FromSeconds(15));
            return ValueTask.FromResult<object?>(1);
        }).AsTask());

        Assert.Equal((1, 1), (error.Attempts, client.Attempts));
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(19, 1)]
    public async Task Time_the_caller_already_spent_on_the_call_counts_against_the_retry_budget(int spentSeconds, int attempts)
    {
        var clock = new FakeTimeProvider();
        var (unitOfWork, client, _) = Create(new RecordingOutbox(), clock, LockConflict, () => null);

        var result = await Record.ExceptionAsync(() => unitOfWork.RunAsync("Transfer", 0, _ =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            return ValueTask.FromResult<object?>(1);
        }, TimeSpan.FromSeconds(spentSeconds)).AsTask());

        Assert.Equal(attempts, client.Attempts);
        Assert.Equal(attempts == 1, result is TransactionConflict);
    }

    [Fact]
    public async Task An_entity_that_moved_under_the_work_s_lock_is_retried_as_contention_and_never_reported_as_stale()
    {
        var (unitOfWork, client, _) = Create();

        var error = await Assert.ThrowsAsync<TransactionConflict>(() => unitOfWork.RunAsync("Transfer", 0, _ =>
            ValueTask.FromException<object?>(new StaleEntity("Shop.Widget", "w1", expected: 340, actual: 338))).AsTask());

        // One attempt from snapshots, then three under locks.
        Assert.Equal(("Transfer", 3, 4), (error.UseCase, error.Attempts, client.Attempts));
    }

    [Fact]
    public async Task Does_not_retry_an_in_doubt_transaction()
    {
        var (unitOfWork, client, _) = Create(() => new OrleansTransactionInDoubtException("tx"));

        await Assert.ThrowsAsync<OrleansTransactionInDoubtException>(() => unitOfWork.RunAsync("Transfer", 0, _ => ValueTask.FromResult<object?>(1)).AsTask());

        Assert.Equal(1, client.Attempts);
    }

    [Fact]
    public async Task Rethrows_the_work_s_own_error_without_retrying_even_when_a_grain_wrapped_it_in_an_abort()
    {
        var (unitOfWork, client, _) = Create();

        var direct = await Assert.ThrowsAsync<RuleViolations>(() => unitOfWork.RunAsync("Transfer", 0, _ =>
            throw new RuleViolations("Transfer", [new RuleViolation("Amount", "must be positive")])).AsTask());
        var wrapped = await Assert.ThrowsAsync<UniqueConstraintViolation>(() => unitOfWork.RunAsync("Open", 0, _ =>
            throw new OrleansTransactionAbortedException("tx", new UniqueConstraintViolation("Account", "Email", "a@b"))).AsTask());

        Assert.Equal("Amount", direct.Violations[0].Field);
        Assert.Equal("Email", wrapped.Field);
        Assert.Equal(2, client.Attempts);
    }

    [Fact]
    public async Task A_read_whose_own_transaction_aborts_runs_again_and_a_failure_of_its_own_does_not()
    {
        var (unitOfWork, _, sink) = Create();
        var reads = 0;

        var result = await unitOfWork.ReadAsync("GetAccount", 0, async _ =>
        {
            await Task.Yield();
            return ++reads < 3 ? throw new OrleansCascadingAbortException("tx", "a dependent transaction aborted") : reads;
        });
        var missing = await Assert.ThrowsAsync<NotFound>(() => unitOfWork.ReadAsync("GetAccount", 0, async _ =>
        {
            await Task.Yield();
            throw new NotFound("Account", "a");
        }).AsTask());

        Assert.Equal(3, result);
        Assert.Equal(2, sink.Events.Count(e => e.Kind == UseCaseEventKind.ExecutionRetried));
        Assert.Equal("a", missing.Id);
    }

    [Fact]
    public async Task A_read_that_keeps_aborting_is_reported_as_a_conflict_when_the_attempts_are_spent()
    {
        var (unitOfWork, _, _) = Create();
        var reads = 0;

        var error = await Assert.ThrowsAsync<TransactionConflict>(() => unitOfWork.ReadAsync("GetAccount", 0, _ =>
        {
            reads++;
            return ValueTask.FromException<object?>(new OrleansBrokenTransactionLockException("tx", "lock broken"));
        }).AsTask());

        Assert.Equal(("GetAccount", 3, 3), (error.UseCase, error.Attempts, reads));
    }

    [Fact]
    public async Task Stages_dispatched_jobs_inside_the_transaction_and_wakes_their_partition_after_the_commit()
    {
        var outbox = new RecordingOutbox();
        var (unitOfWork, _, _) = Create(outbox, BrokenLock);

        await unitOfWork.RunAsync("Transfer", 0, _ =>
        {
            JobBatch.Current!.Jobs.Add(new JobEnvelope(Guid.NewGuid(), "Notify", null, null, "Transfer", DateTimeOffset.UnixEpoch));
            return ValueTask.FromResult<object?>(null);
        });

        Assert.Equal(2, outbox.Staged.Count);
        Assert.Equal([7L], outbox.Woken);
    }

    [Fact]
    public async Task Takes_the_job_it_runs_out_of_its_partition_and_stages_the_jobs_that_job_dispatched_in_the_same_partition()
    {
        var outbox = new RecordingOutbox();
        var (unitOfWork, _, _) = Create(outbox);
        var job = Guid.NewGuid();

        await unitOfWork.RunAsync("NotifyTransfer", 0, _ =>
        {
            JobBatch.Current!.Running = (3, job);
            JobBatch.Current.Jobs.Add(new JobEnvelope(Guid.NewGuid(), "Notify", null, null, "NotifyTransfer", DateTimeOffset.UnixEpoch));
            return ValueTask.FromResult<object?>(null);
        });

        Assert.Equal([(3L, job)], outbox.Taken);
        Assert.Equal([3L], outbox.Woken);
    }

    [Fact]
    public async Task A_job_an_earlier_run_already_took_out_aborts_its_run_without_staging_or_retrying()
    {
        var outbox = new RecordingOutbox();
        var (unitOfWork, client, _) = Create(outbox);
        var job = Guid.NewGuid();
        outbox.Done.Add(job);

        await Assert.ThrowsAsync<JobAlreadyDone>(async () => await unitOfWork.RunAsync("NotifyTransfer", 0, _ =>
        {
            JobBatch.Current!.Running = (3, job);
            JobBatch.Current.Jobs.Add(new JobEnvelope(Guid.NewGuid(), "Notify", null, null, "NotifyTransfer", DateTimeOffset.UnixEpoch));
            return ValueTask.FromResult<object?>(null);
        }));

        Assert.Equal((1, 0, 0), (client.Attempts, outbox.Staged.Count, outbox.Woken.Count));
    }

    private static (TransactionalUnitOfWork, ScriptedTransactionClient, RecordingEventSink) Create(params Func<Exception?>[] commits) =>
        Create(new RecordingOutbox(), TimeProvider.System, commits);

    private static (TransactionalUnitOfWork, ScriptedTransactionClient, RecordingEventSink) Create(RecordingOutbox outbox, params Func<Exception?>[] commits) =>
        Create(outbox, TimeProvider.System, commits);

    private static (TransactionalUnitOfWork, ScriptedTransactionClient, RecordingEventSink) Create(RecordingOutbox outbox, TimeProvider time, params Func<Exception?>[] commits)
    {
        var client = new ScriptedTransactionClient(commits);
        var sink = new RecordingEventSink();
        var telemetry = new UseCaseTelemetry([sink], new TestMeterFactory(), NullLogger<UseCaseTelemetry>.Instance);
        var options = Options.Create(new UseCaseOptions
        {
            MaxTransactionAttempts = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(2),
            RetryBudget = TimeSpan.FromSeconds(20),
        });
        return (new TransactionalUnitOfWork(client, new EntitySnapshots(options, TimeProvider.System), outbox, options, telemetry, time), client, sink);
    }

    private sealed class RecordingOutbox : IJobOutbox
    {
        public List<IReadOnlyList<JobEnvelope>> Staged { get; } = [];

        public List<long> Woken { get; } = [];

        public List<(long Partition, Guid JobId)> Taken { get; } = [];

        public HashSet<Guid> Done { get; } = [];

        public Task<long> StageAsync(IReadOnlyList<JobEnvelope> jobs, long? partition = null)
        {
            Staged.Add(jobs.ToArray());
            return Task.FromResult(partition ?? 7L);
        }

        public Task<bool> TakeAsync(long partition, Guid jobId)
        {
            Taken.Add((partition, jobId));
            return Task.FromResult(!Done.Contains(jobId));
        }

        public void Wake(long partition) => Woken.Add(partition);
    }

    private sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
