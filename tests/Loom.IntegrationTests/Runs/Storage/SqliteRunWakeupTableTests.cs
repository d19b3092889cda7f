using Loom.IntegrationTests.Storage.Sqlite;
using Loom.Silo.Storage.Sqlite;
using Loom.Storage;

namespace Loom.IntegrationTests.Runs.Storage;

public sealed class SqliteRunWakeupTableTests : RunWakeupTableContract, IAsyncLifetime
{
    private readonly SqliteTempFile _file = new();
    private readonly SqliteTableStoreFactory _factory;

    public SqliteRunWakeupTableTests() => _factory = _file.Open();

    protected override ITableStoreFactory Factory => _factory;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _file.Dispose();
    }
}
