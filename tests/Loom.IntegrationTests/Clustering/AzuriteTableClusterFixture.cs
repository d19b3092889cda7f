using Loom.Silo.Storage.AzureTables;
using Loom.Storage;
using Loom.Testing.Azurite;

namespace Loom.IntegrationTests.Clustering;

public sealed class AzuriteTableClusterFixture : TableClusterFixture
{
    private AzuriteEmulator? _azurite;

    protected override async Task<ITableStoreFactory> CreateTableStoreFactoryAsync()
    {
        _azurite = await AzuriteEmulator.StartAsync();
        return new AzureTableStoreFactory(AzureTableServiceClientFactory.Create(new AzureTableStorageOptions { ConnectionString = _azurite.ConnectionString }));
    }

    protected override async Task ReleaseTableStoreFactoryAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

public sealed class AzuriteTableClusterTests(AzuriteTableClusterFixture fixture)
    : TableClusterTests<AzuriteTableClusterFixture>(fixture), IClassFixture<AzuriteTableClusterFixture>;
