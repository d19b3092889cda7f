using Loom.Errors;
using Loom.Silo.Storage.Sqlite;
using Loom.Storage;
using Microsoft.Data.Sqlite;

namespace Loom.IntegrationTests.Storage.Sqlite;

/// <summary>
/// Requests that share a group. Another connection holds the file's write lock while the requests
/// are queued, so the writer cannot commit its first group before every request is queued: there
/// are at most two groups (what the loop took before it blocked, then everything else), and a
/// request queued between others shares its group with some of them.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly SqliteTempFile _file = new();

    private static TableRow Row(string partition, string row, int value) => new(partition, row, new Dictionary<string, object> { ["V"] = value });

    [Fact]
    public async Task A_refused_request_is_rolled_back_alone_and_its_group_commits()
    {
        await using var factory = _file.Open(SqliteDurability.Full);
        var table = await factory.OpenAsync("groups");
        var existingETag = await table.InsertAsync(Row("p", "existing", 0));

        Task<string> duplicate;
        Task<IReadOnlyList<string?>> staleBatch;
        var before = new List<Task<string>>();
        var after = new List<Task<string>>();
        await using (await LockFileAsync())
        {
            before.AddRange(Enumerable.Range(0, 10).Select(i => table.InsertAsync(Row("p", $"a{i}", i)).AsTask()));
            duplicate = table.InsertAsync(Row("p", "existing", 1)).AsTask();
            staleBatch = table.ExecuteBatchAsync([TableOperation.Insert(Row("p", "batch0", 1)), TableOperation.Replace(Row("p", "existing", 2), "W/\"999999\"")]).AsTask();
            after.AddRange(Enumerable.Range(0, 10).Select(i => table.InsertAsync(Row("p", $"b{i}", i)).AsTask()));
        }

        var eTags = await Task.WhenAll(before.Concat(after));
        var alreadyExists = await Assert.ThrowsAsync<TableConflict>(() => duplicate);
        var mismatch = await Assert.ThrowsAsync<TableConflict>(() => staleBatch);

        Assert.Equal(20, eTags.Distinct().Count());
        Assert.Equal((TableConflictReason.AlreadyExists, null), (alreadyExists.Reason, alreadyExists.OperationIndex));
        Assert.Equal((TableConflictReason.ETagMismatch, 1, "existing"), (mismatch.Reason, mismatch.OperationIndex, mismatch.RowKey));
        var stored = await table.QueryAllAsync(new TableQuery("p")).ToDictionaryAsync(r => r.RowKey, r => r.ETag);
        Assert.Equal(21, stored.Count);
        Assert.DoesNotContain("batch0", stored.Keys);
        Assert.Equal(existingETag, stored["existing"]);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Equal(eTags[i], stored[$"a{i}"]));
    }

    [Fact]
    public async Task A_cancelled_write_is_either_withdrawn_without_trace_or_completed()
    {
        await using var factory = _file.Open();
        var table = await factory.OpenAsync("groups");
        using var cancellation = new CancellationTokenSource();

        Task<string> first;
        List<Task<string>> cancelled;
        await using (await LockFileAsync())
        {
            first = table.InsertAsync(Row("p", "first", 0)).AsTask();
            cancelled = Enumerable.Range(0, 20).Select(i => table.InsertAsync(Row("p", $"c{i:D2}", i), cancellation.Token).AsTask()).ToList();
            await cancellation.CancelAsync();
        }

        await first;
        for (var i = 0; i < cancelled.Count; i++)
        {
            var stored = await table.GetAsync("p", $"c{i:D2}");
            try
            {
                Assert.Equal(stored?.ETag, await cancelled[i]);
            }
            catch (OperationCanceledException)
            {
                Assert.Null(stored);
            }
        }
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Takes the write lock on another connection until disposed, rolling back.</summary>
    private async Task<SqliteConnection> LockFileAsync()
    {
        var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }
}
