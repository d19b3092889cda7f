using System.Text.Json;
using Loom.Errors;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Loom.UseCases;

/// <summary>
/// The entry point for remote callers: checks the request's size, runs the use case and writes its
/// result as UTF-8 JSON. Stateless and reentrant: executions interleave while they wait on entities.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class UseCaseExecutorGrain(UseCaseExecutor executor, UseCaseCatalog catalog, IOptions<UseCaseOptions> options)
    : Grain, IUseCaseExecutorGrain
{
    private static readonly byte[] NoResult = "null"u8.ToArray();

    /// <inheritdoc />
    public async Task<byte[]> ExecuteAsync(UseCaseRequest request)
    {
        var plan = catalog.Get(request.UseCase);
        var limit = options.Value.MaxPayloadBytes;
        if (request.Payload?.Length > limit)
        {
            throw new PayloadError(plan.Name, "$", $"the payload is {request.Payload.Length} bytes; the limit is {limit}");
        }

        var result = await executor.ExecuteAsync(plan, new UseCaseArguments(request.Parameters, request.Payload));
        return plan.ResultTypeInfo is null ? NoResult : JsonSerializer.SerializeToUtf8Bytes(result, plan.ResultTypeInfo);
    }

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
}
