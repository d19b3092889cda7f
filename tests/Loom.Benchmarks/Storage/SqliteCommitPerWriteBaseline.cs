using Microsoft.Data.Sqlite;

namespace Loom.Benchmarks.Storage;

/// <summary>
/// What a simple SQLite store does: one connection behind a lock, one transaction per write (or per
/// batch). Same file settings and table shape as the group-commit store, no codec, no validation.
/// </summary>
public sealed class SqliteCommitPerWriteBaseline : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _insert;

    public SqliteCommitPerWriteBaseline(string path, bool fullSync)
    {
        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        _connection.Open();
        using (var setup = _connection.CreateCommand())
        {
            setup.CommandText = $"""
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = {(fullSync ? "FULL" : "NORMAL")};
                CREATE TABLE IF NOT EXISTS rows(table_name TEXT NOT NULL, pk TEXT NOT NULL, rk TEXT NOT NULL, etag INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(table_name, pk, rk)) WITHOUT ROWID;
                """;
            setup.ExecuteNonQuery();
        }

        _upsert = Command("INSERT INTO rows VALUES('bench', $pk, $rk, 1, $data) ON CONFLICT DO UPDATE SET etag = etag + 1, data = excluded.data");
        _insert = Command("INSERT INTO rows VALUES('bench', $pk, $rk, 1, $data)");
    }

    public async Task UpsertAsync(string partitionKey, string rowKey, byte[] data)
    {
        await _lock.WaitAsync();
        try
        {
            using var transaction = _connection.BeginTransaction();
            Execute(_upsert, transaction, partitionKey, rowKey, data);
            transaction.Commit();
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task InsertBatchAsync(string partitionKey, IReadOnlyList<string> rowKeys, byte[] data)
    {
        await _lock.WaitAsync();
        try
        {
            using var transaction = _connection.BeginTransaction();
            foreach (var rowKey in rowKeys)
            {
                Execute(_insert, transaction, partitionKey, rowKey, data);
            }

            transaction.Commit();
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose()
    {
        _upsert.Dispose();
        _insert.Dispose();
        _connection.Dispose();
        _lock.Dispose();
    }

    private static void Execute(SqliteCommand command, SqliteTransaction transaction, string partitionKey, string rowKey, byte[] data)
    {
        command.Transaction = transaction;
        command.Parameters[0].Value = partitionKey;
        command.Parameters[1].Value = rowKey;
        command.Parameters[2].Value = data;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new SqliteParameter("$pk", SqliteType.Text));
        command.Parameters.Add(new SqliteParameter("$rk", SqliteType.Text));
        command.Parameters.Add(new SqliteParameter("$data", SqliteType.Blob));
        return command;
    }
}
