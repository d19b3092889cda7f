using System.Text.Json;

namespace Loom.UseCases;

/// <summary>Typed calls of use cases through the Orleans client SDK or from inside a grain.</summary>
public static class UseCaseGrainFactoryExtensions
{
    /// <summary>
    /// Runs the use case registered as <paramref name="useCase"/> with parameters (an object or
    /// dictionary) and a command payload, and reads its result as <typeparamref name="TResult"/>.
    /// </summary>
    public static async Task<TResult?> ExecuteUseCaseAsync<TResult>(this IGrainFactory grains, string useCase, object? parameters = null, object? payload = null)
    {
        var json = await grains.ExecuteUseCaseAsync(useCase, parameters, payload);
        return JsonSerializer.Deserialize<TResult>(json, LoomJson.Options);
    }

    /// <summary>Runs the use case and returns its result as JSON.</summary>
    public static Task<string> ExecuteUseCaseAsync(this IGrainFactory grains, string useCase, object? parameters = null, object? payload = null) =>
        grains.GetGrain<IUseCaseExecutorGrain>(0).ExecuteAsync(new UseCaseRequest(
            useCase,
            parameters is null ? null : JsonSerializer.Serialize(parameters, LoomJson.Options),
            payload is null ? null : JsonSerializer.Serialize(payload, LoomJson.Options)));
}
