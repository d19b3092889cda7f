using Loom.Errors;

namespace Loom.Storage.InMemory;

/// <summary>
/// A table in process memory. One lock serialises the table; rows are copied in and out so that
/// callers cannot change stored state by mutating what they wrote or read. A partition finds a row by
/// hash and keeps its keys in a sorted tree, so neither a write nor a query's first row costs time in
/// proportion to the partition's size.
/// </summary>
public sealed class InMemoryTableStore : ITableStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Partition> _partitions = new(StringComparer.Ordinal);
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
            var row = _partitions.TryGetValue(partitionKey, out var partition) && partition.Rows.TryGetValue(rowKey, out var stored) ? Copy(stored, stored.ETag) : null;
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
            if (_partitions.TryGetValue(query.PartitionKey, out var partition))
            {
                foreach (var key in partition.KeysFrom(from))
                {
                    if (query.RowKeyTo is { } to && string.CompareOrdinal(key, to) >= 0)
                    {
                        break;
                    }

                    if (!query.Covers(key))
                    {
                        continue;
                    }

                    if (page.Count == query.PageSize)
                    {
                        next = key;
                        break;
                    }

                    var row = partition.Rows[key];
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
        var stored = _partitions.TryGetValue(operation.PartitionKey, out var partition) && partition.Rows.TryGetValue(operation.RowKey, out var row) ? row : null;
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
        if (!_partitions.TryGetValue(operation.PartitionKey, out var partition))
        {
            partition = new Partition();
            _partitions.Add(operation.PartitionKey, partition);
        }

        if (operation.Row is not { } row)
        {
            partition.Remove(operation.RowKey);
            return null;
        }

        var eTag = $"W/\"{++_version}\"";
        partition.Set(operation.RowKey, Copy(row, eTag));
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

    /// <summary>The rows of one partition, by key and in key order.</summary>
    private sealed class Partition
    {
        private readonly SortedSet<string> _keys = new(StringComparer.Ordinal);

        public Dictionary<string, TableRow> Rows { get; } = new(StringComparer.Ordinal);

        public void Set(string key, TableRow row)
        {
            if (Rows.TryAdd(key, row))
            {
                _keys.Add(key);
            }
            else
            {
                Rows[key] = row;
            }
        }

        public void Remove(string key)
        {
            if (Rows.Remove(key))
            {
                _keys.Remove(key);
            }
        }

        /// <summary>The keys from <paramref name="from"/> on, in order; all of them when it is null.</summary>
        public IEnumerable<string> KeysFrom(string? from) =>
            from is null || _keys.Count == 0 || string.CompareOrdinal(from, _keys.Min) <= 0 ? _keys
            : string.CompareOrdinal(from, _keys.Max) > 0 ? []
            : _keys.GetViewBetween(from, _keys.Max);
    }
}
