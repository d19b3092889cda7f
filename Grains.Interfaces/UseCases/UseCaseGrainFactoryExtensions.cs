using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Loom.UseCases;

/// <summary>Typed calls of use cases through the Orleans client SDK or from inside a grain.</summary>
public static class UseCaseGrainFactoryExtensions
{
    /// <summary>
    /// Each factory's executor references, made once: Orleans' <c>GetGrain</c> works the grain type out
    /// from the interface's name on every call, for references that never change.
    /// </summary>
    private static readonly ConditionalWeakTable<IGrainFactory, UseCaseExecutorRing> Executors = [];

    /// <summary>
    /// A use-case executor grain, which runs any registered use case. Successive calls return executors
    /// with different ids, so that a client's calls spread over every gateway of the cluster and go on
    /// through the others when one is lost; take a new one for each call.
    /// </summary>
    public static IUseCaseExecutorGrain GetUseCaseExecutor(this IGrainFactory grains) =>
        Executors.GetValue(grains, static g => new UseCaseExecutorRing(g)).Next();

    /// <summary>
    /// Runs the use case registered as <paramref name="useCase"/> with parameters (an object or
    /// dictionary) and a command payload, and reads its result as <typeparamref name="TResult"/>.
    /// </summary>
    public static async Task<TResult?> ExecuteUseCaseAsync<TResult>(this IGrainFactory grains, string useCase, object? parameters = null, object? payload = null) =>
        JsonSerializer.Deserialize<TResult>(await grains.CallAsync(useCase, parameters, payload), LoomJson.Options);

    /// <summary>Runs the use case and returns its result as JSON text.</summary>
    public static async Task<string> ExecuteUseCaseAsync(this IGrainFactory grains, string useCase, object? parameters = null, object? payload = null) =>
        Encoding.UTF8.GetString(await grains.CallAsync(useCase, parameters, payload));

    private static Task<byte[]> CallAsync(this IGrainFactory grains, string useCase, object? parameters, object? payload) =>
        grains.GetUseCaseExecutor().ExecuteAsync(new UseCaseRequest(useCase, LoomJson.ToUtf8(parameters), LoomJson.ToUtf8(payload)));
}
