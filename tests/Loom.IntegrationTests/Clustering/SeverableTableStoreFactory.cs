using Loom.Storage;

namespace Loom.IntegrationTests.Clustering;

/// <summary>
/// Opens the tables of another factory until it is severed; from then on every call fails, as
/// storage does for a silo that lost its network or crashed before its last writes landed.
/// </summary>
public sealed class SeverableTableStoreFactory(ITableStoreFactory inner) : ITableStoreFactory
{
    private volatile bool _severed;

    /// <summary>Makes every call through tables opened here fail.</summary>
    public void Sever() => _severed = true;

    public async ValueTask<ITableStore> OpenAsync(string tableName, CancellationToken cancellationToken = default)
    {
        ThrowIfSevered();
        return new Store(this, await inner.OpenAsync(tableName, cancellationToken));
    }

    private void ThrowIfSevered()
    {
        if (_severed)
        {
            throw new IOException("The storage is unreachable from this silo.");
        }
    }

    private sealed class Store(SeverableTableStoreFactory factory, ITableStore inner) : ITableStore
    {
        public string Name => inner.Name;

        public ValueTask<TableRow?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
        {
            factory.ThrowIfSevered();
            return inner.GetAsync(partitionKey, rowKey, cancellationToken);
        }

        public ValueTask<TablePage> QueryAsync(TableQuery query, CancellationToken cancellationToken = default)
        {
            factory.ThrowIfSevered();
            return inner.QueryAsync(query, cancellationToken);
        }

        public ValueTask<string?> ExecuteAsync(TableOperation operation, CancellationToken cancellationToken = default)
        {
            factory.ThrowIfSevered();
            return inner.ExecuteAsync(operation, cancellationToken);
        }

        public ValueTask<IReadOnlyList<string?>> ExecuteBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default)
        {
            factory.ThrowIfSevered();
            return inner.ExecuteBatchAsync(operations, cancellationToken);
        }
    }
}
