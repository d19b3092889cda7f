using Loom.IntegrationTests.Storage.Azurite;
using Loom.Silo.Storage.AzureTables;
using Loom.Storage;

namespace Loom.IntegrationTests.Persistence;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableGrainStorageTests(AzuriteFixture azurite) : TableGrainStorageContract
{
    protected override ITableStoreFactory Factory { get; } =
        new AzureTableStoreFactory(AzureTableServiceClientFactory.Create(new AzureTableStorageOptions { ConnectionString = azurite.ConnectionString }));
}
