using Loom.IntegrationTests.Storage.Sqlite;
using Loom.Storage;

namespace Loom.IntegrationTests.Runs.Storage;

public sealed class SqliteRunEventStoreTests(SqliteTables tables) : RunEventStoreContract, IClassFixture<SqliteTables>
{
    protected override ITableStoreFactory Factory => tables.Factory;
}
