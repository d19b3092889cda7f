using Loom.Errors;

namespace Loom.Storage.InMemory;

/// <summary>
/// A table in process memory. One lock serialises the table; rows are copied in and out so that
/// callers cannot change stored state by mutating what they wrote or read.
/// </summary>
public sealed class InMemoryTableStore : ITableStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedList<string, TableRow>> _partitions = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>Creates an empty table.</summary>
    public InMemoryTableStore(string name)
    {
        TableRules.ValidateTableName(name);
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ValueTask<TableRow?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        TableRules.ValidateKeys(Name, partitionKey, rowKey);
        lock (_lock)
        {
            var row = _partitions.TryGetValue(partitionKey, out var rows) && rows.TryGetValue(rowKey, out var stored) ? Copy(stored, stored.ETag) : null;
            return ValueTask.FromResult(row);
        }
    }

    /// <inheritdoc />
    public ValueTask<TablePage> QueryAsync(TableQuery query, CancellationToken cancellationToken = default)
    {
        TableRules.ValidateQuery(Name, query);
        var from = query.ContinuationToken ?? query.RowKeyFrom;
        var page = new List<TableRow>();
        string? next = null;
        lock (_lock)
        {
            if (_partitions.TryGetValue(query.PartitionKey, out var rows))
            {
                foreach (var (key, row) in rows)
                {
                    if ((from is not null && string.CompareOrdinal(key, from) < 0) || !query.Covers(key))
                    {
                        continue;
                    }

                    if (page.Count == query.PageSize)
                    {
                        next = key;
                        break;
                    }

                    page.Add(Copy(row, row.ETag));
                }
            }
        }

        return ValueTask.FromResult(new TablePage(page, next));
    }

    /// <inheritdoc />
    public ValueTask<string?> ExecuteAsync(TableOperation operation, CancellationToken cancellationToken = default)
    {
        TableRules.ValidateOperation(Name, operation);
        lock (_lock)
        {
            Check(operation, null);
            return ValueTask.FromResult(Apply(operation));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string?>> ExecuteBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default)
    {
        TableRules.ValidateBatch(Name, operations);
        lock (_lock)
        {
            for (var i = 0; i < operations.Count; i++)
            {
                Check(operations[i], i);
            }

            var eTags = new string?[operations.Count];
            for (var i = 0; i < operations.Count; i++)
            {
                eTags[i] = Apply(operations[i]);
            }

            return ValueTask.FromResult<IReadOnlyList<string?>>(eTags);
        }
    }

    private void Check(TableOperation operation, int? index)
    {
        var stored = _partitions.TryGetValue(operation.PartitionKey, out var rows) && rows.TryGetValue(operation.RowKey, out var row) ? row : null;
        TableConflictReason? conflict = operation.Kind switch
        {
            TableOperationKind.Insert when stored is not null => TableConflictReason.AlreadyExists,
            TableOperationKind.Replace or TableOperationKind.Delete when stored is null => TableConflictReason.NotFound,
            TableOperationKind.Replace or TableOperationKind.Delete when !operation.Matches(stored!.ETag!) => TableConflictReason.ETagMismatch,
            _ => null,
        };
        if (conflict is { } reason)
        {
            throw new TableConflict(reason, Name, operation.PartitionKey, operation.RowKey, index);
        }
    }

    private string? Apply(TableOperation operation)
    {
        if (!_partitions.TryGetValue(operation.PartitionKey, out var rows))
        {
            rows = new SortedList<string, TableRow>(StringComparer.Ordinal);
            _partitions.Add(operation.PartitionKey, rows);
        }

        if (operation.Row is not { } row)
        {
            rows.Remove(operation.RowKey);
            return null;
        }

        var eTag = $"W/\"{++_version}\"";
        rows[operation.RowKey] = Copy(row, eTag);
        return eTag;
    }

    private static TableRow Copy(TableRow row, string? eTag)
    {
        var properties = new Dictionary<string, object>(row.Properties.Count, StringComparer.Ordinal);
        foreach (var (name, value) in row.Properties)
        {
            properties.Add(name, value is byte[] bytes ? bytes.ToArray() : value);
        }

        return new TableRow(row.PartitionKey, row.RowKey, properties, eTag);
    }
}
