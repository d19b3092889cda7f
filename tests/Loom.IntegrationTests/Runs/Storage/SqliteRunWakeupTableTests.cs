using Loom.IntegrationTests.Storage.Sqlite;
using Loom.Storage;

namespace Loom.IntegrationTests.Runs.Storage;

public sealed class SqliteRunWakeupTableTests(SqliteTables tables) : RunWakeupTableContract, IClassFixture<SqliteTables>
{
    protected override ITableStoreFactory Factory => tables.Factory;
}
