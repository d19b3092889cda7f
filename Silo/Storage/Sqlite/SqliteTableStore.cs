using Loom.Storage;

namespace Loom.Silo.Storage.Sqlite;

/// <summary>
/// One logical table of the store's file: its rows are those of the <c>rows</c> table under its key.
/// Reads go straight to a pooled reader; writes are encoded here, on the caller's thread, and queued
/// for the group-commit loop.
/// </summary>
internal sealed class SqliteTableStore(string name, SqliteGroupCommitWriter writer, SqliteReaderPool readers) : ITableStore
{
    // Azure table names are case-insensitive, so "Runs" and "runs" are one table.
    private readonly string _key = name.ToLowerInvariant();

    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public ValueTask<TableRow?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        TableRules.ValidateKeys(Name, partitionKey, rowKey);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(readers.Read((Table: _key, partitionKey, rowKey), static (reader, keys) => reader.Get(keys.Table, keys.partitionKey, keys.rowKey)));
    }

    /// <inheritdoc />
    public ValueTask<TablePage> QueryAsync(TableQuery query, CancellationToken cancellationToken = default)
    {
        TableRules.ValidateQuery(Name, query);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(readers.Read((Table: _key, query), static (reader, state) => reader.Query(state.Table, state.query)));
    }

    /// <inheritdoc />
    public async ValueTask<string?> ExecuteAsync(TableOperation operation, CancellationToken cancellationToken = default)
    {
        TableRules.ValidateOperation(Name, operation);
        var request = new SqliteWriteRequest(Name, _key, [SqliteWrite.From(operation)], isBatch: false);
        var eTags = await writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        return eTags[0];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string?>> ExecuteBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default)
    {
        TableRules.ValidateBatch(Name, operations);
        var writes = new SqliteWrite[operations.Count];
        for (var i = 0; i < writes.Length; i++)
        {
            writes[i] = SqliteWrite.From(operations[i]);
        }

        return await writer.WriteAsync(new SqliteWriteRequest(Name, _key, writes, isBatch: true), cancellationToken).ConfigureAwait(false);
    }
}
