using Microsoft.Extensions.DependencyInjection;

namespace Loom.UseCases;

/// <summary>Sets up an Orleans client for Loom's client helpers.</summary>
public static class LoomClientBuilderExtensions
{
    /// <summary>
    /// Lets <see cref="UseCaseGrainFactoryExtensions.ExecuteUseCaseAsync{TResult}"/> answer a call at once
    /// when the gateway it went through is lost: the call fails with a <see cref="SiloUnavailableException"/>,
    /// whose outcome is unknown (retry it with the same idempotency key), instead of waiting out Orleans'
    /// response timeout for an answer that cannot come.
    /// </summary>
    /// <remarks>
    /// Call the helpers on the <see cref="IClusterClient"/> (inject it rather than <see cref="IGrainFactory"/>):
    /// the client's own grain factory does not lead back to this setting. Calls made through
    /// <see cref="UseCaseGrainFactoryExtensions.GetUseCaseExecutor"/> wait for Orleans' timeout as before.
    /// </remarks>
    public static IClientBuilder UseLoom(this IClientBuilder client)
    {
        client.Services.AddSingleton<GatewayLossSignal>();
        client.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<GatewayLossSignal>());
        return client;
    }
}
