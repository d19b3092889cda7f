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
    public static IClientBuilder UseLoom(this IClientBuilder client)
    {
        client.Services.AddSingleton<GatewayLossSignal>();
        client.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<GatewayLossSignal>());
        return client;
    }
}
