using Loom.IntegrationTests.Storage.Azurite;
using Loom.Silo.Storage.AzureTables;
using Loom.Storage;

namespace Loom.IntegrationTests.Runs.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class AzureRunWakeupTableTests(AzuriteFixture azurite) : RunWakeupTableContract
{
    protected override ITableStoreFactory Factory { get; } =
        new AzureTableStoreFactory(AzureTableServiceClientFactory.Create(new AzureTableStorageOptions { ConnectionString = azurite.ConnectionString }));
}
