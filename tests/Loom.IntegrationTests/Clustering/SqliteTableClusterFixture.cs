using Loom.IntegrationTests.Storage.Sqlite;
using Loom.Silo.Storage.Sqlite;
using Loom.Storage;

namespace Loom.IntegrationTests.Clustering;

public sealed class SqliteTableClusterFixture : TableClusterFixture
{
    private readonly SqliteTempFile _file = new();
    private SqliteTableStoreFactory? _factory;

    protected override Task<ITableStoreFactory> CreateTableStoreFactoryAsync() => Task.FromResult<ITableStoreFactory>(_factory = _file.Open(SqliteDurability.Normal));

    protected override async Task ReleaseTableStoreFactoryAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        _file.Dispose();
    }
}

public sealed class SqliteTableClusterTests(SqliteTableClusterFixture fixture)
    : TableClusterTests<SqliteTableClusterFixture>(fixture), IClassFixture<SqliteTableClusterFixture>;
