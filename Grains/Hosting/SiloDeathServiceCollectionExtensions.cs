using Loom.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loom.Hosting;

/// <summary>Registers what moves a dead silo's work on to the survivors.</summary>
internal static class SiloDeathServiceCollectionExtensions
{
    /// <summary>Adds <typeparamref name="THandler"/> to the handlers the silo's <see cref="SiloDeathWatch"/> runs, and the watch itself once.</summary>
    public static IServiceCollection AddSiloDeathHandler<THandler>(this IServiceCollection services)
        where THandler : class, ISiloDeathHandler
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISiloDeathHandler, THandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, SiloDeathWatch>());
        return services;
    }
}
