using System.Text.Json;
using Loom.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Loom.UseCases;

/// <summary>
/// The entry point for remote callers: checks the request's size, runs the use case and writes its
/// result as UTF-8 JSON. Stateless and reentrant: executions interleave while they wait on entities.
/// A write use case called with an idempotency key claims the key's record first and records its
/// result in the same transaction, so a retry returns the committed result instead of executing again.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class UseCaseExecutorGrain(
    UseCaseExecutor executor,
    UseCaseCatalog catalog,
    IUnitOfWork unitOfWork,
    UseCaseFailpoints failpoints,
    IdempotencyExpiries expiries,
    IOptions<UseCaseOptions> options,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<UseCaseExecutorGrain> logger)
    : Grain, IUseCaseExecutorGrain
{
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
            var answer = await ExecuteOnceAsync(new IdempotentCall(executor, plan, arguments, GrainFactory.GetGrain<IIdempotencyGrain>($"{plan.Name}/{key}")));
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
        try
        {
            var result = (byte[])(await unitOfWork.RunAsync(call.Plan.Name, call, RunOnce))!;
            await NoteExpiryAsync(call);
            return result;
        }
        catch (ReplayedFailure replayed)
        {
            throw replayed.Error;
        }
        catch (LoomError error) when (error is not (TransactionConflict or InvalidIdempotencyKey))
        {
            // Nothing was committed, so a failure to record this only means a retry executes again.
            try
            {
                await call.Record.RecordFailureAsync(error);
                await NoteExpiryAsync(call);
            }
            catch (Exception unrecorded)
            {
                UseCaseExecutorLog.FailureNotRecorded(logger, unrecorded, call.Plan.Name, call.Record.GetPrimaryKeyString());
            }

            throw;
        }
    }

    /// <summary>Notes when the call's record expires; a note that fails costs only the record's deletion, never the answer.</summary>
    private async Task NoteExpiryAsync(IdempotentCall call)
    {
        try
        {
            await expiries.NoteAsync(call.Record.GetPrimaryKeyString(), time.GetUtcNow());
        }
        catch (Exception error)
        {
            UseCaseExecutorLog.ExpiryNotNoted(logger, error, call.Record.GetPrimaryKeyString());
        }
    }

    /// <summary>One execution under an idempotency key, as the unit of work runs it (again after an abort).</summary>
    private sealed record IdempotentCall(UseCaseExecutor Executor, ExecutionPlan Plan, UseCaseArguments Arguments, IIdempotencyGrain Record)
    {
        public async ValueTask<object?> RunAsync()
        {
            if (await Record.ClaimAsync() is { } outcome)
            {
                return outcome.Result ?? throw new ReplayedFailure(outcome.Error!);
            }

            var result = Serialize(Plan, await Executor.ExecuteAsync(Plan, Arguments));
            await Record.RecordResultAsync(result);
            return result;
        }
    }

    /// <summary>A recorded failure being answered again: carried out of the transaction, which has nothing to commit.</summary>
    private sealed class ReplayedFailure(LoomError error) : Exception(error.Message, error)
    {
        public LoomError Error { get; } = error;
    }
}
