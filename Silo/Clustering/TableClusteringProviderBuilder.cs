using Loom.Silo.Clustering;
using Microsoft.Extensions.Configuration;
using Orleans.Providers;

[assembly: RegisterProvider(TableClusteringProviderBuilder.ProviderType, "Clustering", "Silo", typeof(TableClusteringProviderBuilder))]
[assembly: RegisterProvider(TableClusteringProviderBuilder.ProviderType, "Clustering", "Client", typeof(TableClusteringProviderBuilder))]

namespace Loom.Silo.Clustering;

/// <summary>
/// Lets configuration alone choose table clustering: <c>Orleans:Clustering:ProviderType</c> set to
/// <see cref="ProviderType"/>, and optionally <c>Orleans:Clustering:TableName</c>.
/// </summary>
internal sealed class TableClusteringProviderBuilder : IProviderBuilder<ISiloBuilder>, IProviderBuilder<IClientBuilder>
{
    /// <summary>The provider type that selects this provider in configuration.</summary>
    public const string ProviderType = "LoomTables";

    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection) =>
        builder.UseLoomTableClustering(options => Bind(options, configurationSection));

    public void Configure(IClientBuilder builder, string? name, IConfigurationSection configurationSection) =>
        builder.UseLoomTableClustering(options => Bind(options, configurationSection));

    private static void Bind(TableClusteringOptions options, IConfigurationSection configurationSection)
    {
        if (configurationSection[nameof(TableClusteringOptions.TableName)] is { Length: > 0 } tableName)
        {
            options.TableName = tableName;
        }
    }
}
