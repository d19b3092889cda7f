using Microsoft.Data.Sqlite;

namespace Loom.Silo.Storage.Sqlite;

/// <summary>
/// How the store's connections to its file are opened, and the schema it keeps there: one <c>rows</c>
/// table for every logical table, keyed by table, partition and row key, so a partition's rows are
/// contiguous in key order and a range query is one index walk.
/// </summary>
internal static class SqliteFile
{
    /// <summary>The schema version this code writes, kept in <c>PRAGMA user_version</c>.</summary>
    public const int SchemaVersion = 1;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS rows(
            table_name TEXT NOT NULL,
            pk TEXT NOT NULL,
            rk TEXT NOT NULL,
            etag INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY(table_name, pk, rk)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT OR IGNORE INTO meta(name, value) VALUES('etag', 0);
        """;

    /// <summary>
    /// Opens the one connection that writes, creating the file and its schema if needed, in WAL mode
    /// with the durability's synchronous level.
    /// </summary>
    /// <exception cref="InvalidOperationException">SQLite would not use WAL here, or the file was written by a newer schema.</exception>
    public static SqliteConnection OpenWriter(string path, SqliteDurability durability)
    {
        var connection = Open(path, SqliteOpenMode.ReadWriteCreate);
        try
        {
            Execute(connection, $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {(durability == SqliteDurability.Full ? "FULL" : "NORMAL")};");
            var pragmas = ReadPragmas(connection);
            if (pragmas.JournalMode != "wal")
            {
                // SQLite silently keeps its journal when WAL is impossible (a network share, a read-only directory).
                throw new InvalidOperationException($"SQLite kept journal_mode={pragmas.JournalMode} for '{path}'; the store needs WAL, which requires a local file system.");
            }

            var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
            if (version > SchemaVersion)
            {
                throw new InvalidOperationException($"'{path}' has schema version {version}; this build knows version {SchemaVersion} only.");
            }

            Execute(connection, $"BEGIN IMMEDIATE; {Schema} PRAGMA user_version = {SchemaVersion}; COMMIT;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens a connection that only reads; WAL lets it read while the writer writes.</summary>
    public static SqliteConnection OpenReader(string path)
    {
        var connection = Open(path, SqliteOpenMode.ReadWrite);
        Execute(connection, "PRAGMA query_only = ON;");
        return connection;
    }

    /// <summary>Reads back the journal mode and synchronous level of a connection.</summary>
    public static SqlitePragmas ReadPragmas(SqliteConnection connection)
    {
        var journalMode = (string)Scalar(connection, "PRAGMA journal_mode")!;
        var synchronous = Convert.ToInt32(Scalar(connection, "PRAGMA synchronous"), System.Globalization.CultureInfo.InvariantCulture);
        return new SqlitePragmas(journalMode, synchronous);
    }

    /// <summary>A command on the connection with its parameters declared, to be bound and run many times.</summary>
    public static SqliteCommand Prepare(SqliteConnection connection, string sql, params ReadOnlySpan<string> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        // The store keeps its connections for its whole life, so the driver's pool would only hold closed ones.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
