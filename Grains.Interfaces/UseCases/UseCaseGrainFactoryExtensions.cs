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
    /// through the others when one is lost; take a new one for each call. A call made on it directly
    /// waits for Orleans' response timeout when its gateway is lost; the <c>ExecuteUseCaseAsync</c>
    /// helpers answer at once.
    /// </summary>
    public static IUseCaseExecutorGrain GetUseCaseExecutor(this IGrainFactory grains) =>
        Ring(grains).Next().Executor;

    /// <summary>
    /// Runs the use case registered as <paramref name="useCase"/> with parameters (an object or
    /// dictionary) and a command payload, and reads its result as <typeparamref name="TResult"/>.
    /// </summary>
    /// <remarks>
    /// Through an <see cref="IClusterClient"/> set up with <see cref="LoomClientBuilderExtensions.UseLoom"/>,
    /// a call whose gateway is lost before it answers fails at once with a <c>SiloUnavailableException</c>
    /// rather than after Orleans' response timeout.
    /// Pass an <paramref name="idempotencyKey"/> (one per intended execution, such as a GUID the caller
    /// keeps) to make a write safe to retry: a call whose outcome is unknown (a timeout,
    /// <c>SiloUnavailableException</c>, <c>OrleansMessageRejectionException</c>, a lost connection,
    /// <c>OrleansTransactionInDoubtException</c>) can be sent again with the same key, and returns the
    /// first execution's committed result or typed error instead of executing twice. So can one that
    /// failed with <see cref="Errors.TransactionConflict"/>: that call committed nothing, but an earlier
    /// one under the key may still be in flight. Without a key only <see cref="Errors.TransactionConflict"/>
    /// and Loom's other typed errors are known not to have committed.
    /// </remarks>
    public static async Task<TResult?> ExecuteUseCaseAsync<TResult>(this IGrainFactory grains, string useCase, object? parameters = null, object? payload = null, string? idempotencyKey = null) =>
        JsonSerializer.Deserialize<TResult>(await grains.CallAsync(useCase, parameters, payload, idempotencyKey), LoomJson.Options);

    /// <summary>Runs the use case and returns its result as JSON text; see <see cref="ExecuteUseCaseAsync{TResult}"/> for the idempotency key.</summary>
    public static async Task<string> ExecuteUseCaseAsync(this IGrainFactory grains, string useCase, object? parameters = null, object? payload = null, string? idempotencyKey = null) =>
        Encoding.UTF8.GetString(await grains.CallAsync(useCase, parameters, payload, idempotencyKey));

    /// <summary>
    /// Runs a use case request as it travels over the wire, and returns its result as UTF-8 JSON. Through
    /// an <see cref="IClusterClient"/> set up with <see cref="LoomClientBuilderExtensions.UseLoom"/>, a call
    /// whose gateway is lost before it answers fails at once with a <see cref="SiloUnavailableException"/>.
    /// </summary>
    public static Task<byte[]> ExecuteUseCaseAsync(this IGrainFactory grains, UseCaseRequest request) =>
        Ring(grains).Next().ExecuteAsync(request);

    private static Task<byte[]> CallAsync(this IGrainFactory grains, string useCase, object? parameters, object? payload, string? idempotencyKey) =>
        grains.ExecuteUseCaseAsync(new UseCaseRequest(useCase, LoomJson.ToUtf8(parameters), LoomJson.ToUtf8(payload), idempotencyKey));

    private static UseCaseExecutorRing Ring(IGrainFactory grains) => Executors.GetValue(grains, static g => new UseCaseExecutorRing(g));
}
