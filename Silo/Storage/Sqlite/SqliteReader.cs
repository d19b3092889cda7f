using Loom.Storage;
using Microsoft.Data.Sqlite;

namespace Loom.Silo.Storage.Sqlite;

/// <summary>
/// A read-only connection with its statements prepared once. WAL gives each statement a snapshot of
/// what was committed when it started, so a reader never sees a group that has not committed and
/// always sees the group of a writer that has already been released.
/// </summary>
internal sealed class SqliteReader : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _get;
    private readonly SqliteCommand _queryFrom;
    private readonly SqliteCommand _queryRange;

    /// <summary>Opens a reader on the store's file.</summary>
    public SqliteReader(string path)
    {
        _connection = SqliteFile.OpenReader(path);
        _get = Command("SELECT etag, data FROM rows WHERE table_name = $t AND pk = $pk AND rk = $rk", "$t", "$pk", "$rk");

        // rk compares with SQLite's BINARY collation, that is UTF-8 bytes, where .NET's ordinal order
        // compares UTF-16 code units. The two orders differ only between supplementary characters and
        // U+E000..U+FFFF (private use, specials), which keys in practice never mix in one range.
        _queryFrom = Command("SELECT rk, etag, data FROM rows WHERE table_name = $t AND pk = $pk AND rk >= $from ORDER BY rk LIMIT $limit", "$t", "$pk", "$from", "$limit");
        _queryRange = Command("SELECT rk, etag, data FROM rows WHERE table_name = $t AND pk = $pk AND rk >= $from AND rk < $to ORDER BY rk LIMIT $limit", "$t", "$pk", "$from", "$limit", "$to");
    }

    /// <summary>Reads one row, or null.</summary>
    public TableRow? Get(string tableKey, string partitionKey, string rowKey)
    {
        Bind(_get, tableKey, partitionKey, rowKey);
        using var reader = _get.ExecuteReader();
        return reader.Read() ? new TableRow(partitionKey, rowKey, SqliteRowCodec.Decode(reader.GetFieldValue<byte[]>(1)), SqliteETag.Format(reader.GetInt64(0))) : null;
    }

    /// <summary>Reads one page: the rows from the later of the range's start and the continuation token.</summary>
    public TablePage Query(string tableKey, TableQuery query)
    {
        var from = string.CompareOrdinal(query.ContinuationToken, query.RowKeyFrom) > 0 ? query.ContinuationToken! : query.RowKeyFrom ?? "";
        var command = query.RowKeyTo is { } to
            ? Bind(_queryRange, tableKey, query.PartitionKey, from, query.PageSize + 1, to)
            : Bind(_queryFrom, tableKey, query.PartitionKey, from, query.PageSize + 1);

        // One row past the page tells whether there is a next page, and its key is where that page starts.
        var rows = new List<TableRow>(Math.Min(query.PageSize, 64));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var rowKey = reader.GetString(0);
            if (rows.Count == query.PageSize)
            {
                return new TablePage(rows, rowKey);
            }

            rows.Add(new TableRow(query.PartitionKey, rowKey, SqliteRowCodec.Decode(reader.GetFieldValue<byte[]>(2)), SqliteETag.Format(reader.GetInt64(1))));
        }

        return new TablePage(rows, null);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _get.Dispose();
        _queryFrom.Dispose();
        _queryRange.Dispose();
        _connection.Dispose();
    }

    private static SqliteCommand Bind(SqliteCommand command, params ReadOnlySpan<object> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        return command;
    }

    private SqliteCommand Command(string sql, params ReadOnlySpan<string> parameters) => SqliteFile.Prepare(_connection, sql, parameters);
}
