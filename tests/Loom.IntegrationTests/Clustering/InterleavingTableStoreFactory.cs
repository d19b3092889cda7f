using Loom.Storage;

namespace Loom.IntegrationTests.Clustering;

/// <summary>
/// Opens the tables of another factory with small query pages, and runs a write once between two
/// pages of a query: the torn read that a store without snapshot reads allows.
/// </summary>
public sealed class InterleavingTableStoreFactory(ITableStoreFactory inner, int pageSize, Func<Task> between) : ITableStoreFactory
{
    private int _interleaved;

    /// <summary>How many times the write ran.</summary>
    public int Interleaved => _interleaved;

    public async ValueTask<ITableStore> OpenAsync(string tableName, CancellationToken cancellationToken = default) =>
        new Store(await inner.OpenAsync(tableName, cancellationToken), pageSize, BeforeNextPageAsync);

    private async Task BeforeNextPageAsync()
    {
        if (Interlocked.Exchange(ref _interleaved, 1) == 0)
        {
            await between();
        }
    }

    private sealed class Store(ITableStore inner, int pageSize, Func<Task> beforeNextPage) : ITableStore
    {
        public string Name => inner.Name;

        public ValueTask<TableRow?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            inner.GetAsync(partitionKey, rowKey, cancellationToken);

        public async ValueTask<TablePage> QueryAsync(TableQuery query, CancellationToken cancellationToken = default)
        {
            if (query.ContinuationToken is not null)
            {
                await beforeNextPage();
            }

            return await inner.QueryAsync(query with { PageSize = pageSize }, cancellationToken);
        }

        public ValueTask<string?> ExecuteAsync(TableOperation operation, CancellationToken cancellationToken = default) =>
            inner.ExecuteAsync(operation, cancellationToken);

        public ValueTask<IReadOnlyList<string?>> ExecuteBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default) =>
            inner.ExecuteBatchAsync(operations, cancellationToken);
    }
}
