using System.Security.Cryptography;
using System.Text;
using Loom.Errors;
using Loom.Runs.Storage;
using Loom.Storage;

namespace Loom.IntegrationTests.Runs.Storage;

/// <summary>
/// What the artifact store owes its callers, on each table adapter: ids that are the content's
/// SHA-256, idempotent puts, one row for a small artifact, chunked large ones, corruption and
/// absence reported as typed errors, malformed ids refused.
/// </summary>
public abstract class ArtifactStoreContract
{
    private static int s_tables;

    /// <summary>The adapter under test.</summary>
    protected abstract ITableStoreFactory Factory { get; }

    private async Task<(ArtifactStore Store, ITableStore Table)> OpenAsync()
    {
        var options = new RunStorageOptions { ArtifactTableName = $"art{Environment.ProcessId}x{Interlocked.Increment(ref s_tables)}" };
        var store = await ArtifactStore.OpenAsync(Factory, options);
        return (store, await Factory.OpenAsync(options.ArtifactTableName));
    }

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static Task<List<TableRow>> RowsAsync(ITableStore table, ArtifactId id) => table.QueryAllAsync(new TableQuery(id.Value)).ToListAsync().AsTask();

    // Delete and insert rather than replace: Azurite sizes a replaced entity by its base64 form and refuses a full chunk.
    private static async Task OverwriteAsync(ITableStore table, TableRow row)
    {
        await table.DeleteAsync(row.PartitionKey, row.RowKey, TableOperation.AnyETag);
        await table.InsertAsync(row);
    }

    [Fact]
    public async Task A_put_artifact_reads_back_and_its_id_is_the_sha256_of_its_bytes()
    {
        var (store, _) = await OpenAsync();
        var content = Encoding.UTF8.GetBytes("{\"context\":{\"a\":1}}");

        var id = await store.PutAsync(content);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), id.Value);
        Assert.True(await store.ExistsAsync(id));
        Assert.Equal(content, await store.GetAsync(id));
    }

    [Fact]
    public async Task Putting_the_same_bytes_twice_gives_the_same_id_and_one_copy()
    {
        var (store, table) = await OpenAsync();
        var content = Random(300, 1);

        var first = await store.PutAsync(content);
        var second = await store.PutAsync(content.ToArray());

        Assert.Equal(first, second);
        Assert.Single(await RowsAsync(table, first));
        Assert.Equal(content, await store.GetAsync(second));
    }

    [Fact]
    public async Task Concurrent_puts_of_the_same_large_content_all_succeed()
    {
        var (store, _) = await OpenAsync();
        var content = Random(2 * ArtifactStore.ChunkBytes + 10, 2);

        var ids = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () => await store.PutAsync(content))));

        Assert.Single(ids.Distinct());
        Assert.Equal(content, await store.GetAsync(ids[0]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(300)]
    [InlineData(ArtifactStore.ChunkBytes)]
    public async Task An_artifact_of_up_to_one_chunk_is_one_row(int length)
    {
        var (store, table) = await OpenAsync();
        var content = Random(length, 3);

        var id = await store.PutAsync(content);

        var row = Assert.Single(await RowsAsync(table, id));
        Assert.Equal("000", row.RowKey);
        Assert.Equal(content, await store.GetAsync(id));
    }

    [Fact]
    public async Task A_3_MB_artifact_is_chunked_over_rows_and_round_trips()
    {
        var (store, table) = await OpenAsync();
        var content = Random(3_000_000, 4);

        var id = await store.PutAsync(content);

        Assert.Equal(["000", "001", "002", "003"], (await RowsAsync(table, id)).Select(r => r.RowKey));
        Assert.Equal(content, await store.GetAsync(id));
    }

    [Fact]
    public async Task A_put_that_stopped_before_its_head_row_is_invisible_and_completed_by_the_retry()
    {
        var (store, table) = await OpenAsync();
        var content = Random(5 * ArtifactStore.ChunkBytes / 2, 7);
        var id = await store.PutAsync(content);
        await table.DeleteAsync(id.Value, "000", TableOperation.AnyETag);
        await table.DeleteAsync(id.Value, "002", TableOperation.AnyETag);

        Assert.False(await store.ExistsAsync(id));
        await Assert.ThrowsAsync<ArtifactNotFound>(() => store.GetAsync(id).AsTask());
        Assert.Equal(id, await store.PutAsync(content));

        Assert.Equal(["000", "001", "002"], (await RowsAsync(table, id)).Select(r => r.RowKey));
        Assert.Equal(content, await store.GetAsync(id));
    }

    [Fact]
    public async Task Content_larger_than_the_limit_is_refused_before_anything_is_written()
    {
        var (store, _) = await OpenAsync();
        var content = new byte[ArtifactStore.MaxArtifactBytes + 1];

        var refused = await Assert.ThrowsAsync<ArtifactTooLarge>(() => store.PutAsync(content).AsTask());

        Assert.Equal("artifact_too_large", refused.Code);
        Assert.Equal(ArtifactStore.MaxArtifactBytes, refused.MaxBytes);
        Assert.False(await store.ExistsAsync(ArtifactId.Of(content)));
    }

    [Fact]
    public async Task Tampered_content_of_a_small_artifact_is_reported_corrupt()
    {
        var (store, table) = await OpenAsync();
        var id = await store.PutAsync(Encoding.UTF8.GetBytes("{\"state\":\"done\"}"));
        var row = await table.GetAsync(id.Value, "000");
        var properties = new Dictionary<string, object>(row!.Properties) { ["D0"] = Encoding.UTF8.GetBytes("{\"state\":\"evil\"}") };
        await OverwriteAsync(table, new TableRow(row.PartitionKey, row.RowKey, properties));

        var corrupt = await Assert.ThrowsAsync<ArtifactCorrupt>(() => store.GetAsync(id).AsTask());

        Assert.Equal("artifact_corrupt", corrupt.Code);
        Assert.Equal(id.Value, corrupt.ArtifactId);
        Assert.Contains(id.Value, corrupt.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_or_missing_chunk_of_a_large_artifact_is_reported_corrupt()
    {
        var (store, table) = await OpenAsync();
        var tampered = await store.PutAsync(Random(2_500_000, 5));
        var truncated = await store.PutAsync(Random(2_500_000, 6));
        var chunk = await table.GetAsync(tampered.Value, "001");
        var properties = new Dictionary<string, object>(chunk!.Properties);
        var flipped = ((byte[])properties["D3"]).ToArray();
        flipped[17] ^= 0xFF;
        properties["D3"] = flipped;
        await OverwriteAsync(table, new TableRow(chunk.PartitionKey, chunk.RowKey, properties));
        await table.DeleteAsync(truncated.Value, "002", TableOperation.AnyETag);

        var hashMismatch = await Assert.ThrowsAsync<ArtifactCorrupt>(() => store.GetAsync(tampered).AsTask());
        var missing = await Assert.ThrowsAsync<ArtifactCorrupt>(() => store.GetAsync(truncated).AsTask());

        Assert.Equal(tampered.Value, hashMismatch.ArtifactId);
        Assert.Contains("hashes to", hashMismatch.Detail, StringComparison.Ordinal);
        Assert.Equal(truncated.Value, missing.ArtifactId);
        Assert.Contains("chunk", missing.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_artifact_is_not_found()
    {
        var (store, _) = await OpenAsync();
        var id = ArtifactId.Of("never stored"u8);

        var missing = await Assert.ThrowsAsync<ArtifactNotFound>(() => store.GetAsync(id).AsTask());

        Assert.Equal("artifact_not_found", missing.Code);
        Assert.Equal(id.Value, missing.ArtifactId);
        Assert.False(await store.ExistsAsync(id));
    }
}
