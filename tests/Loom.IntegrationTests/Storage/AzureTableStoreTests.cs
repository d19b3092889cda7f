using Azure;
using Azure.Data.Tables;
using Loom.IntegrationTests.Storage.Azurite;
using Loom.Silo.Storage.AzureTables;
using Loom.Storage;

namespace Loom.IntegrationTests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableStoreTests : TableStoreConformance
{
    private readonly TableServiceClient _service;

    public AzureTableStoreTests(AzuriteFixture azurite)
    {
        _service = AzureTableServiceClientFactory.Create(new AzureTableStorageOptions { ConnectionString = azurite.ConnectionString });
        Factory = new AzureTableStoreFactory(_service);
    }

    protected override ITableStoreFactory Factory { get; }

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

    [Fact]
    public async Task A_missing_table_is_not_mistaken_for_a_missing_row()
    {
        var table = await Factory.OpenAsync($"dropped{Environment.ProcessId}");
        await _service.DeleteTableAsync(table.Name);

        var replace = await Assert.ThrowsAsync<RequestFailedException>(async () => await table.ReplaceAsync(new TableRow("p", "r", new Dictionary<string, object>()), TableOperation.AnyETag));
        var delete = await Assert.ThrowsAsync<RequestFailedException>(async () => await table.DeleteAsync("p", "r", TableOperation.AnyETag));

        Assert.Equal((404, "TableNotFound"), (replace.Status, replace.ErrorCode));
        Assert.Equal((404, "TableNotFound"), (delete.Status, delete.ErrorCode));
    }
}
