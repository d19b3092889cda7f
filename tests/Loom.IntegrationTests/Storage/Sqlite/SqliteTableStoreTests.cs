using Loom.Silo.Storage.Sqlite;
using Loom.Storage;

namespace Loom.IntegrationTests.Storage.Sqlite;

/// <summary>The conformance suite on a SQLite file of its own per test, under each durability.</summary>
public abstract class SqliteTableStoreTests : TableStoreConformance, IAsyncLifetime
{
    private readonly SqliteTempFile _file = new();
    private readonly SqliteDurability _durability;
    private readonly SqliteTableStoreFactory _factory;

    protected SqliteTableStoreTests(SqliteDurability durability)
    {
        _durability = durability;
        _factory = _file.Open(durability);
    }

    protected override ITableStoreFactory Factory => _factory;

    [Fact]
    public void The_writer_runs_in_wal_mode_at_the_durability_s_synchronous_level()
    {
        Assert.Equal("wal", _factory.Pragmas.JournalMode);
        Assert.Equal(_durability == SqliteDurability.Full ? 2 : 1, _factory.Pragmas.Synchronous);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _file.Dispose();
    }
}

public sealed class SqliteNormalTableStoreTests() : SqliteTableStoreTests(SqliteDurability.Normal);

public sealed class SqliteFullTableStoreTests() : SqliteTableStoreTests(SqliteDurability.Full);
