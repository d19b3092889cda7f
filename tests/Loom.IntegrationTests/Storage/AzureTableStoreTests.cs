using Loom.IntegrationTests.Storage.Azurite;
using Loom.Silo.Storage.AzureTables;
using Loom.Storage;

namespace Loom.IntegrationTests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableStoreTests(AzuriteFixture azurite) : TableStoreConformance
{
    protected override ITableStoreFactory Factory { get; } =
        new AzureTableStoreFactory(AzureTableServiceClientFactory.Create(new AzureTableStorageOptions { ConnectionString = azurite.ConnectionString }));

    [Fact]
    public async Task NaN_and_infinities_round_trip_alone_and_in_a_batch()
    {
        var table = await Factory.OpenAsync($"nonfinite{Environment.ProcessId}");
        var properties = new Dictionary<string, object> { ["NaN"] = double.NaN, ["Up"] = double.PositiveInfinity, ["Down"] = double.NegativeInfinity, ["Finite"] = 1.5 };

        await table.InsertAsync(new TableRow("p", "single", properties));
        await table.ExecuteBatchAsync([TableOperation.Insert(new TableRow("p", "batch", properties))]);

        foreach (var key in new[] { "single", "batch" })
        {
            var stored = await table.GetAsync("p", key);
            Assert.Equal(properties, stored!.Properties);
        }
    }
}
