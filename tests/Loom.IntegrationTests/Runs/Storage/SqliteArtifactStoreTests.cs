using Loom.IntegrationTests.Storage.Sqlite;
using Loom.Storage;

namespace Loom.IntegrationTests.Runs.Storage;

public sealed class SqliteArtifactStoreTests(SqliteTables tables) : ArtifactStoreContract, IClassFixture<SqliteTables>
{
    protected override ITableStoreFactory Factory => tables.Factory;
}
