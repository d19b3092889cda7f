using Loom.Silo.Clustering;
using Loom.Storage;
using Loom.Storage.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Loom.IntegrationTests.Clustering;

/// <summary>Configuration alone (Orleans:Clustering:ProviderType) selects the table clustering provider, for silos and clients.</summary>
public sealed class ClusteringConfigurationTests
{
    [Fact]
    public void A_silo_configured_for_LoomTables_keeps_membership_in_the_configured_table()
    {
        using var host = Build(builder => builder.UseOrleans(_ => { }), "LoomMembershipA");

        Assert.IsType<TableMembershipTable>(host.Services.GetRequiredService<IMembershipTable>());
        Assert.Equal("LoomMembershipA", host.Services.GetRequiredService<IOptions<TableClusteringOptions>>().Value.TableName);
    }

    [Fact]
    public void A_client_configured_for_LoomTables_finds_gateways_in_the_configured_table()
    {
        using var host = Build(builder => builder.UseOrleansClient(_ => { }), "LoomMembershipB");

        Assert.IsType<TableGatewayListProvider>(host.Services.GetRequiredService<IGatewayListProvider>());
        Assert.Equal("LoomMembershipB", host.Services.GetRequiredService<IOptions<TableClusteringOptions>>().Value.TableName);
    }

    [Fact]
    public void A_table_name_azure_would_refuse_fails_validation_naming_the_setting()
    {
        using var host = Build(builder => builder.UseOrleans(_ => { }), "no_underscores");

        var errors = host.Services.GetServices<IConfigurationValidator>().Select(validator => Record.Exception(validator.ValidateConfiguration)).OfType<OrleansConfigurationException>();

        Assert.Contains(errors, error => error.Message.Contains("TableClusteringOptions.TableName (Orleans:Clustering:TableName in configuration) 'no_underscores'", StringComparison.Ordinal));
    }

    private static IHost Build(Action<HostApplicationBuilder> useOrleans, string tableName)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = "configured",
            ["Orleans:ServiceId"] = "configured",
            ["Orleans:Clustering:ProviderType"] = "LoomTables",
            ["Orleans:Clustering:TableName"] = tableName,
        });
        builder.Services.AddSingleton<ITableStoreFactory>(new InMemoryTableStoreFactory());
        useOrleans(builder);
        return builder.Build();
    }
}
