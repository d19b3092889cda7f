using Loom.Storage;

namespace Loom.Benchmarks.Runs;

/// <summary>
/// Opens the tables of another factory behind stores that count every call, each one storage round
/// trip (a batch counts once), and tell an observer about every batch written.
/// </summary>
public sealed class CountingTableStoreFactory(ITableStoreFactory inner, RoundTripCounter counter, Action<string, IReadOnlyList<TableOperation>> batchWritten) : ITableStoreFactory
{
    /// <inheritdoc />
    public async ValueTask<ITableStore> OpenAsync(string tableName, CancellationToken cancellationToken = default) =>
        new CountingTableStore(await inner.OpenAsync(tableName, cancellationToken).ConfigureAwait(false), counter, batchWritten);

    private sealed class CountingTableStore(ITableStore inner, RoundTripCounter counter, Action<string, IReadOnlyList<TableOperation>> batchWritten) : ITableStore
    {
        public string Name => inner.Name;

        public ValueTask<TableRow?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
        {
            counter.Count(Name, StoreCall.Get);
            return inner.GetAsync(partitionKey, rowKey, cancellationToken);
        }

        public ValueTask<TablePage> QueryAsync(TableQuery query, CancellationToken cancellationToken = default)
        {
            counter.Count(Name, StoreCall.Query);
            return inner.QueryAsync(query, cancellationToken);
        }

        public ValueTask<string?> ExecuteAsync(TableOperation operation, CancellationToken cancellationToken = default)
        {
            counter.Count(Name, StoreCall.Execute);
            return inner.ExecuteAsync(operation, cancellationToken);
        }

        public async ValueTask<IReadOnlyList<string?>> ExecuteBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default)
        {
            counter.Count(Name, StoreCall.Batch);
            var eTags = await inner.ExecuteBatchAsync(operations, cancellationToken).ConfigureAwait(false);
            batchWritten(Name, operations);
            return eTags;
        }
    }
}
