using System.Text;
using System.Text.Json;
using Loom.Errors;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Loom.UseCases;

/// <summary>
/// The entry point for remote callers: parses the request's JSON, runs the use case and writes its
/// result as JSON. Stateless, so Orleans runs as many activations per silo as the load needs.
/// </summary>
[StatelessWorker]
public sealed class UseCaseExecutorGrain(UseCaseExecutor executor, UseCaseCatalog catalog, IOptions<UseCaseOptions> options)
    : Grain, IUseCaseExecutorGrain
{
    /// <inheritdoc />
    public async Task<string> ExecuteAsync(UseCaseRequest request)
    {
        var plan = catalog.Get(request.UseCase);
        using var parameters = Parse(request.Parameters, json => new ParameterBindingError(plan.Name, "$", "a JSON object of parameters", json));
        using var payload = Parse(request.Payload, json => new PayloadError(plan.Name, "$", json), options.Value.MaxPayloadBytes, plan.Name);
        var result = await executor.ExecuteAsync(plan, new UseCaseArguments(Root(parameters), Root(payload)));
        return plan.ResultTypeInfo is null ? "null" : JsonSerializer.Serialize(result, plan.ResultTypeInfo);
    }

    private static JsonDocument? Parse(string? json, Func<string, LoomError> invalid, int maxBytes = int.MaxValue, string useCase = "")
    {
        if (json is null)
        {
            return null;
        }

        var size = Encoding.UTF8.GetByteCount(json);
        if (size > maxBytes)
        {
            throw new PayloadError(useCase, "$", $"the payload is {size} bytes; the limit is {maxBytes}");
        }

        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException error)
        {
            throw invalid($"malformed JSON at line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}");
        }
    }

    private static JsonElement Root(JsonDocument? document) => document?.RootElement ?? default;
}
