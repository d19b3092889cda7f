using Loom.Errors;
using Loom.Silo.Storage.Sqlite;
using Loom.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Loom.IntegrationTests.Storage.Sqlite;

/// <summary>What the SQLite store owes beyond the conformance suite: a file that outlives the process, its settings, and many writers at once.</summary>
public sealed class SqliteTableStoreFactoryTests : IDisposable
{
    private readonly SqliteTempFile _file = new();

    private static TableRow Row(string partition, string row, int value) => new(partition, row, new Dictionary<string, object> { ["V"] = value });

    [Fact]
    public async Task Rows_and_their_etags_survive_closing_and_reopening_the_file()
    {
        string kept;
        await using (var factory = _file.Open())
        {
            var table = await factory.OpenAsync("runs");
            kept = await table.InsertAsync(Row("p", "kept", 1));
            await table.ExecuteBatchAsync([TableOperation.Insert(Row("p", "b1", 2)), TableOperation.Insert(Row("p", "b2", 3))]);
            var gone = await table.InsertAsync(Row("p", "gone", 4));
            await table.DeleteAsync("p", "gone", gone);
        }

        await using (var reopened = _file.Open())
        {
            var table = await reopened.OpenAsync("runs");
            var rows = await table.QueryAllAsync(new TableQuery("p")).ToListAsync();

            Assert.Equal(["b1", "b2", "kept"], rows.Select(r => r.RowKey));
            Assert.Equal([2, 3, 1], rows.Select(r => r.Get<int>("V")));
            Assert.Equal(kept, rows[2].ETag);
            Assert.NotEqual(kept, await table.ReplaceAsync(Row("p", "kept", 5), kept));
        }
    }

    [Fact]
    public async Task A_deleted_row_s_etag_is_not_issued_again_after_reopening()
    {
        string stale;
        await using (var factory = _file.Open())
        {
            var table = await factory.OpenAsync("runs");
            stale = await table.InsertAsync(Row("p", "r", 1));
            await table.DeleteAsync("p", "r", stale);
        }

        await using var reopened = _file.Open();
        var again = await reopened.OpenAsync("runs");
        var fresh = await again.InsertAsync(Row("p", "r", 2));

        Assert.NotEqual(stale, fresh);
        var conflict = await Assert.ThrowsAsync<TableConflict>(async () => await again.ReplaceAsync(Row("p", "r", 3), stale));
        Assert.Equal(TableConflictReason.ETagMismatch, conflict.Reason);
    }

    [Fact]
    public async Task An_etag_from_elsewhere_matches_no_row()
    {
        await using var factory = _file.Open();
        var table = await factory.OpenAsync("runs");
        await table.InsertAsync(Row("p", "r", 1));

        foreach (var foreign in new[] { "W/\"datetime'2026-01-01'\"", "\"1\"", "W/\"\"", "" })
        {
            var conflict = await Assert.ThrowsAsync<TableConflict>(async () => await table.ReplaceAsync(Row("p", "r", 2), foreign));
            Assert.Equal(TableConflictReason.ETagMismatch, conflict.Reason);
        }

        Assert.Equal(1, (await table.GetAsync("p", "r"))!.Get<int>("V"));
    }

    [Fact]
    public async Task Table_names_are_case_insensitive_as_in_azure()
    {
        await using var factory = _file.Open();
        var upper = await factory.OpenAsync("Runs");
        var lower = await factory.OpenAsync("runs");
        await upper.InsertAsync(Row("p", "r", 7));

        Assert.Equal(7, (await lower.GetAsync("p", "r"))!.Get<int>("V"));
    }

    [Fact]
    public async Task The_file_itself_is_in_wal_mode_for_every_connection()
    {
        await using var factory = _file.Open(SqliteDurability.Full);
        await using var other = new SqliteConnection($"Data Source={factory.Path};Pooling=False");
        await other.OpenAsync();
        await using var command = other.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", await command.ExecuteScalarAsync());
        Assert.Equal(new SqlitePragmas("wal", 2), factory.Pragmas);
    }

    [Fact]
    public async Task Many_concurrent_writers_all_land()
    {
        await using var factory = _file.Open(SqliteDurability.Full);
        var table = await factory.OpenAsync("busy");

        await Task.WhenAll(Enumerable.Range(0, 64).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await table.UpsertAsync(Row($"w{writer:D2}", $"r{i:D2}", i));
            }
        })));

        for (var writer = 0; writer < 64; writer++)
        {
            Assert.Equal(Enumerable.Range(0, 50), await table.QueryAllAsync(new TableQuery($"w{writer:D2}")).Select(r => r.Get<int>("V")).ToListAsync());
        }
    }

    [Fact]
    public async Task Two_stores_on_one_file_never_issue_the_same_etag_and_a_stale_one_never_matches()
    {
        // Each store has a writer of its own, as two silo processes on the file do.
        await using var first = _file.Open();
        await using var second = _file.Open();
        var mine = await first.OpenAsync("shared");
        var theirs = await second.OpenAsync("shared");

        var stale = await mine.InsertAsync(Row("p", "r", 1));
        var newer = await theirs.ReplaceAsync(Row("p", "r", 2), stale);
        var conflict = await Assert.ThrowsAsync<TableConflict>(async () => await mine.ReplaceAsync(Row("p", "r", 3), stale));

        var issued = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
            await (i % 2 == 0 ? mine : theirs).UpsertAsync(Row($"w{i % 8}", $"r{i}", i)))));

        Assert.NotEqual(stale, newer);
        Assert.Equal(TableConflictReason.ETagMismatch, conflict.Reason);
        Assert.Equal(2, (await mine.GetAsync("p", "r"))!.Get<int>("V"));
        Assert.Equal(issued.Length + 2, issued.Append(stale).Append(newer).Distinct().Count());
    }

    [Fact]
    public async Task A_closed_store_refuses_work()
    {
        var factory = _file.Open();
        var table = await factory.OpenAsync("runs");
        await factory.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await factory.OpenAsync("runs"));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await table.InsertAsync(Row("p", "r", 1)));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await table.GetAsync("p", "r"));
    }

    [Theory]
    [InlineData("", "Loom:Storage:Sqlite:Path")]
    [InlineData("  ", "Loom:Storage:Sqlite:Path")]
    [InlineData(":memory:", "Loom:Storage:Sqlite:Path")]
    public void A_path_that_is_no_file_is_refused_by_name(string path, string setting)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Open(new SqliteStorageOptions { Path = path }));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_durability_is_refused_by_name()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Open(new SqliteStorageOptions { Path = _file.Path, Durability = (SqliteDurability)7 }));

        Assert.Contains("Loom:Storage:Sqlite:Durability is 7; use Normal or Full", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_file.Path));
    }

    [Fact]
    public void Options_bind_from_their_configuration_section_and_an_unknown_durability_names_its_key()
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Loom:Storage:Sqlite:Path"] = "data/x.db", ["Loom:Storage:Sqlite:Durability"] = "Full" })
            .Build()
            .GetSection(SqliteStorageOptions.Section);
        var unknown = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Loom:Storage:Sqlite:Durability"] = "Paranoid" })
            .Build()
            .GetSection(SqliteStorageOptions.Section);

        var options = section.Get<SqliteStorageOptions>()!;
        var error = Assert.Throws<InvalidOperationException>(() => unknown.Get<SqliteStorageOptions>());

        Assert.Equal(("data/x.db", SqliteDurability.Full), (options.Path, options.Durability));
        Assert.Contains("Loom:Storage:Sqlite:Durability", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _file.Dispose();

    private static SqliteTableStoreFactory Open(SqliteStorageOptions options) => new(Options.Create(options), NullLogger<SqliteTableStoreFactory>.Instance);
}
