using Loom.Silo.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Loom.IntegrationTests.Storage.Sqlite;

/// <summary>A database path in a directory of its own, removed with the WAL and shared-memory files SQLite leaves beside it.</summary>
internal sealed class SqliteTempFile : IDisposable
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "loom-sqlite-tests", Guid.NewGuid().ToString("N"));

    public SqliteTempFile() => Path = System.IO.Path.Combine(_directory, "loom.db");

    public string Path { get; }

    public SqliteTableStoreFactory Open(SqliteDurability durability = SqliteDurability.Normal) =>
        new(Options.Create(new SqliteStorageOptions { Path = Path, Durability = durability }), NullLogger<SqliteTableStoreFactory>.Instance);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
