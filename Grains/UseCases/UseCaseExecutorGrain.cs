using System.Text;
using System.Text.Json;
using Loom.Errors;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Loom.UseCases;

/// <summary>
/// The entry point for remote callers: parses the request's JSON, runs the use case and writes its
/// result as JSON. Stateless and reentrant: executions interleave while they wait on entities.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class UseCaseExecutorGrain(UseCaseExecutor executor, UseCaseCatalog catalog, IOptions<UseCaseOptions> options)
    : Grain, IUseCaseExecutorGrain
{
    /// <inheritdoc />
    public async Task<string> ExecuteAsync(UseCaseRequest request)
    {
        var plan = catalog.Get(request.UseCase);
        using var parameters = Parse(request.Parameters, error => new ParameterBindingError(plan.Name, "$", "a JSON object of parameters", error));
        var payloadBytes = request.Payload is null ? 0 : Encoding.UTF8.GetByteCount(request.Payload);
        if (payloadBytes > options.Value.MaxPayloadBytes)
        {
            throw new PayloadError(plan.Name, "$", $"the payload is {payloadBytes} bytes; the limit is {options.Value.MaxPayloadBytes}");
        }

        using var payload = Parse(request.Payload, error => new PayloadError(plan.Name, "$", error));
        var result = await executor.ExecuteAsync(plan, new UseCaseArguments(Root(parameters), Root(payload)));
        return plan.ResultTypeInfo is null ? "null" : JsonSerializer.Serialize(result, plan.ResultTypeInfo);
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

    private static JsonDocument? Parse(string? json, Func<string, LoomError> malformed)
    {
        try
        {
            return json is null ? null : JsonDocument.Parse(json);
        }
        catch (JsonException error)
        {
            throw malformed($"malformed JSON at line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}");
        }
    }

    private static JsonElement Root(JsonDocument? document) => document?.RootElement ?? default;
}
