using System.Text.Json;
using Loom.Entities;
using Loom.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Transactions;

namespace Loom.UseCases;

/// <summary>
/// The entry point for remote callers: checks the request's size, runs the use case and writes its
/// result as UTF-8 JSON. Stateless and reentrant: executions interleave while they wait on entities.
/// A write use case called with an idempotency key records its outcome as a receipt on its anchor (the
/// entity it looks up first by id, or else a bucket of receipts) in the transaction of its writes; a
/// call that finds a receipt under its key there rolls its own work back and answers with that outcome.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class UseCaseExecutorGrain(
    UseCaseExecutor executor,
    UseCaseCatalog catalog,
    IUnitOfWork unitOfWork,
    UseCaseFailpoints failpoints,
    EvictedReceipts evicted,
    IOptions<UseCaseOptions> options,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<UseCaseExecutorGrain> logger)
    : Grain, IUseCaseExecutorGrain
{
    /// <summary>How many times a call runs again when the receipt it found under its key rolled back.</summary>
    private const int MaxUnconfirmed = 3;

    private static readonly byte[] NoResult = "null"u8.ToArray();
    private static readonly Func<object, ValueTask<object?>> RunOnce = call => ((IdempotentCall)call).RunAsync();

    /// <inheritdoc />
    public async Task<byte[]> ExecuteAsync(UseCaseRequest request)
    {
        var plan = catalog.Get(request.UseCase);
        var limit = options.Value.MaxPayloadBytes;
        if (request.Payload?.Length > limit)
        {
            throw new PayloadError(plan.Name, "$", $"the payload is {request.Payload.Length} bytes; the limit is {limit}");
        }

        var arguments = new UseCaseArguments(request.Parameters, request.Payload);
        if (request.IdempotencyKey is { } key && !plan.ReadOnly)
        {
            InvalidIdempotencyKey.ThrowIfInvalid(key);
            var answer = await ExecuteOnceAsync(new IdempotentCall(executor, plan, arguments, key, GrainFactory, time));
            await failpoints.BeforeAnswerAsync(key);
            return answer;
        }

        return Serialize(plan, await executor.ExecuteAsync(plan, arguments));
    }

    /// <inheritdoc />
    public Task<SiloAddress> LocateAsync() => Task.FromResult(silo.SiloAddress);

    /// <inheritdoc />
    public Task<IReadOnlyList<UseCaseDescription>> DescribeAsync() =>
        Task.FromResult<IReadOnlyList<UseCaseDescription>>(catalog.Plans
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new UseCaseDescription(
                p.Name,
                p.ReadOnly,
                p.Parameters.Select(b => $"{b.Name}: {ParameterCoercion.Describe(b.Type)}").ToArray(),
                p.Input?.CommandType.Name))
            .ToArray());

    private static byte[] Serialize(ExecutionPlan plan, object? result) =>
        plan.ResultTypeInfo is null ? NoResult : JsonSerializer.SerializeToUtf8Bytes(result, plan.ResultTypeInfo);

    private async Task<byte[]> ExecuteOnceAsync(IdempotentCall call)
    {
        var started = time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = (byte[])(await unitOfWork.RunAsync(call.Plan.Name, call, RunOnce, time.GetElapsedTime(started)))!;
                MoveOut(call.Anchor!, call.ToMove);
                return result;
            }
            catch (AlreadyRecorded)
            {
                // The receipt may be one a transaction still open recorded, which can yet roll back: only a
                // committed read of it is an answer; without one the call runs again.
                if (await ConfirmAsync(call) is { } confirmed)
                {
                    return Answer(call, confirmed);
                }

                if (attempt >= MaxUnconfirmed || time.GetElapsedTime(started) >= options.Value.RetryBudget)
                {
                    throw new TransactionConflict(call.Plan.Name, attempt, "the outcome recorded under its idempotency key rolled back each time it was read");
                }
            }
            catch (LoomError error) when (error is not (TransactionConflict or InvalidIdempotencyKey) && call.Anchor is { } anchor)
            {
                var recording = await RecordFailureAsync(call, anchor, error);
                MoveOut(anchor, recording?.ToMove);
                if (recording?.Recorded is { } recorded)
                {
                    return Answer(call, recorded);
                }

                throw;
            }
        }
    }

    /// <summary>The receipt under the call's key as a committed read finds it; null when it rolled back.</summary>
    private static async Task<IdempotencyReceipt?> ConfirmAsync(IdempotentCall call)
    {
        try
        {
            return await call.Anchor!.FindReceiptAsync(call.ReceiptKey);
        }
        catch (OrleansTransactionException)
        {
            // The read was rolled back with the transaction whose receipt it found.
            return null;
        }
    }

    /// <summary>
    /// Records a typed error on the anchor in a transaction of its own, as nothing of the work committed;
    /// the recording tells the outcome recorded under the key meanwhile, if one was. A failure to record
    /// only means a retry executes again.
    /// </summary>
    private async Task<ReceiptRecording?> RecordFailureAsync(IdempotentCall call, IIdempotencyAnchor anchor, LoomError error)
    {
        try
        {
            return await anchor.RecordAsync(new IdempotencyReceipt(call.ReceiptKey, null, error, time.GetUtcNow(), call.Fingerprint), expectedVersion: null);
        }
        catch (Exception unrecorded)
        {
            UseCaseExecutorLog.FailureNotRecorded(logger, unrecorded, call.Plan.Name, call.ReceiptKey);
            return null;
        }
    }

    /// <summary>Writes the batch an anchor handed over once the transaction that recorded on it committed, without holding up the answer.</summary>
    private void MoveOut(IIdempotencyAnchor anchor, ReceiptBatch? batch)
    {
        if (batch is not null)
        {
            _ = MoveOutAsync(anchor, batch);
        }
    }

    private async Task MoveOutAsync(IIdempotencyAnchor anchor, ReceiptBatch batch)
    {
        try
        {
            await evicted.StoreAsync(batch.Anchor, batch.Receipts);
            await anchor.MovedAsync(batch.Id);
        }
        catch (Exception error)
        {
            UseCaseExecutorLog.BatchNotMoved(logger, error, batch.Anchor);
        }
    }

    /// <summary>The outcome recorded under the call's key, if the call repeats the arguments it was recorded for.</summary>
    private static byte[] Answer(IdempotentCall call, IdempotencyReceipt recorded)
    {
        if (recorded.Fingerprint != 0 && recorded.Fingerprint != call.Fingerprint)
        {
            throw new IdempotencyKeyReused(call.Plan.Name, call.Key);
        }

        return recorded.Result ?? throw recorded.Error!;
    }

    /// <summary>
    /// One call under an idempotency key, as the unit of work runs it (again after an abort): the use
    /// case's result becomes the receipt its anchor records as the work's changes are stored.
    /// </summary>
    private sealed class IdempotentCall(UseCaseExecutor executor, ExecutionPlan plan, UseCaseArguments arguments, string key, IGrainFactory grains, TimeProvider time)
    {
        private static readonly string BucketType = typeof(IdempotencyBucket).FullName!;

        private WorkspaceEntry? _anchorEntry;

        public ExecutionPlan Plan { get; } = plan;

        /// <summary>The caller's key.</summary>
        public string Key { get; } = key;

        /// <summary><c>{use case}/{key}</c>: what receipts are recorded under.</summary>
        public string ReceiptKey { get; } = $"{plan.Name}/{key}";

        /// <summary>The arguments' fingerprint, which a receipt found under the key must carry.</summary>
        public long Fingerprint { get; } = arguments.Fingerprint();

        /// <summary>Where the last attempt anchored, to record a failure on; null when it failed before it knew.</summary>
        public IIdempotencyAnchor? Anchor => _anchorEntry?.Anchor;

        /// <summary>The batch the anchor handed over when the last attempt recorded on it.</summary>
        public ReceiptBatch? ToMove => _anchorEntry?.ToMove;

        public async ValueTask<object?> RunAsync()
        {
            var workspace = EntityWorkspace.Current
                ?? throw new InvalidOperationException("A call with an idempotency key needs the transactional unit of work.");
            var execution = executor.Prepare(Plan, arguments);
            _anchorEntry = null;
            try
            {
                var result = Serialize(Plan, await executor.ExecuteAsync(execution));
                _anchorEntry = AnchorIn(workspace, execution)
                    ?? throw new InvalidOperationException($"{Plan.Name} ran without reading the entity it anchors on.");
                _anchorEntry.Receipt = new IdempotencyReceipt(ReceiptKey, result, null, time.GetUtcNow(), Fingerprint);
                return result;
            }
            catch
            {
                _anchorEntry = AnchorIn(workspace, execution);
                throw;
            }
        }

        private WorkspaceEntry? AnchorIn(EntityWorkspace workspace, UseCaseExecution execution)
        {
            if (!Plan.HasIdLookups)
            {
                // A use case that looks up nothing by id anchors on the bucket its receipt key picks.
                var bucket = IdempotencyBucket.IdOf(ReceiptKey);
                var grain = grains.GetGrain<IEntityGrain<IdempotencyBucket>>(bucket);
                return workspace.GetOrAdd(new WorkspaceEntry<IdempotencyBucket>(grain, new EntityKey(BucketType, bucket), null, 0, locked: true));
            }

            return execution.Anchor is { } anchor && workspace.TryGet(anchor, out var entry) ? entry : null;
        }
    }
}
