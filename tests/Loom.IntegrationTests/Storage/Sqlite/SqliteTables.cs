using Loom.Silo.Storage.Sqlite;

namespace Loom.IntegrationTests.Storage.Sqlite;

/// <summary>A SQLite table store in a temporary file, shared by a test class whose tests use tables of their own.</summary>
public sealed class SqliteTables : IAsyncLifetime
{
    private readonly SqliteTempFile _file = new();

    public SqliteTables() => Factory = _file.Open();

    public SqliteTableStoreFactory Factory { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        _file.Dispose();
    }
}
