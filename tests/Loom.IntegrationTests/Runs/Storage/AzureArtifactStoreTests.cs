using Loom.IntegrationTests.Storage.Azurite;
using Loom.Silo.Storage.AzureTables;
using Loom.Storage;

namespace Loom.IntegrationTests.Runs.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class AzureArtifactStoreTests(AzuriteFixture azurite) : ArtifactStoreContract
{
    protected override ITableStoreFactory Factory { get; } =
        new AzureTableStoreFactory(AzureTableServiceClientFactory.Create(new AzureTableStorageOptions { ConnectionString = azurite.ConnectionString }));
}
