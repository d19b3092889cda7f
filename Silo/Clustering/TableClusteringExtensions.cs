using Loom.Silo.Storage;
using Loom.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Messaging;

namespace Loom.Silo.Clustering;

/// <summary>Keeps Orleans cluster membership in a table of the <see cref="ITableStoreFactory"/> the host registers.</summary>
public static class TableClusteringExtensions
{
    /// <summary>
    /// Makes the silo keep cluster membership in a table (<see cref="TableMembershipTable"/>), opened
    /// through the <see cref="ITableStoreFactory"/> registered in the silo's services.
    /// </summary>
    public static ISiloBuilder UseLoomTableClustering(this ISiloBuilder builder, Action<TableClusteringOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddOptions(builder.Services, configure);
        builder.Services.AddSingleton<IMembershipTable, TableMembershipTable>();
        return builder;
    }

    /// <summary>
    /// Makes the client find the cluster's gateways in the table its silos keep membership in
    /// (<see cref="TableGatewayListProvider"/>), opened through the <see cref="ITableStoreFactory"/>
    /// registered in the client's services.
    /// </summary>
    public static IClientBuilder UseLoomTableClustering(this IClientBuilder builder, Action<TableClusteringOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddOptions(builder.Services, configure);
        builder.Services.AddSingleton<IGatewayListProvider, TableGatewayListProvider>();
        return builder;
    }

    private static void AddOptions(IServiceCollection services, Action<TableClusteringOptions>? configure)
    {
        var options = services.AddOptions<TableClusteringOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigurationValidator, TableNameValidator<TableClusteringOptions>>());
    }
}
