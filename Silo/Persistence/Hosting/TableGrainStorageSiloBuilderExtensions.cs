using Loom.Silo.Persistence;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Loom.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Loom.Silo.Hosting;

/// <summary>
/// Registers grain storage on Loom's table port: the <see cref="ITableStoreFactory"/> registered under
/// the provider's name as a keyed service, else the silo's one.
/// </summary>
public static class TableGrainStorageSiloBuilderExtensions
{
    /// <summary>Keeps grain state without a named provider, including Orleans transactional state, in Loom's tables.</summary>
    public static ISiloBuilder AddLoomTableGrainStorageAsDefault(this ISiloBuilder builder, Action<TableGrainStorageOptions>? configure = null) =>
        builder.AddLoomTableGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>Keeps the state of grains that name storage <paramref name="name"/> in Loom's tables.</summary>
    public static ISiloBuilder AddLoomTableGrainStorage(this ISiloBuilder builder, string name, Action<TableGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = builder.Services.AddOptions<TableGrainStorageOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<IServiceProvider>((configured, services) => configured.GrainStorageSerializer ??=
            services.GetKeyedService<IGrainStorageSerializer>(name) ?? ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TableGrainStorageOptions>, TableGrainStorageOptionsValidator>());
        builder.Services.AddGrainStorage(name, static (services, key) => new TableGrainStorage(
            key,
            services.GetRequiredService<IOptionsMonitor<TableGrainStorageOptions>>().Get(key),
            services.GetRequiredService<IOptions<ClusterOptions>>().Value,
            services.GetKeyedService<ITableStoreFactory>(key) ?? services.GetRequiredService<ITableStoreFactory>(),
            services.GetRequiredService<IActivatorProvider>(),
            services.GetRequiredService<ILogger<TableGrainStorage>>()));
        return builder;
    }
}
