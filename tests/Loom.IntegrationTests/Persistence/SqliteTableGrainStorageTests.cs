using Loom.IntegrationTests.Storage.Sqlite;
using Loom.Silo.Storage.Sqlite;
using Loom.Storage;

namespace Loom.IntegrationTests.Persistence;

public sealed class SqliteTableGrainStorageTests : TableGrainStorageContract, IAsyncLifetime
{
    private readonly SqliteTempFile _file = new();
    private readonly SqliteTableStoreFactory _factory;

    public SqliteTableGrainStorageTests() => _factory = _file.Open(SqliteDurability.Full);

    protected override ITableStoreFactory Factory => _factory;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _file.Dispose();
    }
}
