namespace Loom.Storage;

/// <summary>
/// One table with Azure Table semantics: rows addressed by partition key and row key, each with an
/// ETag and typed properties. Everything Loom persists goes through this port. Adapters enforce
/// Azure's limits before any I/O (see <see cref="TableRules"/>) and report conflicts as
/// <see cref="Errors.TableConflict"/>.
/// </summary>
public interface ITableStore
{
    /// <summary>The table's name.</summary>
    string Name { get; }

    /// <summary>Reads one row, or null when there is none.</summary>
    ValueTask<TableRow?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of a partition's rows in row-key order.</summary>
    ValueTask<TablePage> QueryAsync(TableQuery query, CancellationToken cancellationToken = default);

    /// <summary>Applies one write and returns the row's new ETag (null for a delete).</summary>
    ValueTask<string?> ExecuteAsync(TableOperation operation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies up to 100 writes to one partition atomically: all of them, or none when any is refused.
    /// Returns each operation's new ETag in order (null for deletes).
    /// </summary>
    ValueTask<IReadOnlyList<string?>> ExecuteBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default);
}
