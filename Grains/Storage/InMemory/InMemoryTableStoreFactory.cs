using System.Collections.Concurrent;

namespace Loom.Storage.InMemory;

/// <summary>Tables held in process memory, for fast tests: gone when the process ends.</summary>
public sealed class InMemoryTableStoreFactory : ITableStoreFactory
{
    private readonly ConcurrentDictionary<string, InMemoryTableStore> _tables = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public ValueTask<ITableStore> OpenAsync(string tableName, CancellationToken cancellationToken = default)
    {
        TableRules.ValidateTableName(tableName);
        return ValueTask.FromResult<ITableStore>(_tables.GetOrAdd(tableName, static name => new InMemoryTableStore(name)));
    }
}
