using System.Collections.Concurrent;
using Azure.Data.Tables;
using Loom.Storage;

namespace Loom.Silo.Storage.AzureTables;

/// <summary>Opens the tables of one Azure storage account (or Azurite), creating each the first time it is opened.</summary>
public sealed class AzureTableStoreFactory : ITableStoreFactory
{
    private readonly TableServiceClient _service;

    // Azure table names are case-insensitive. Only opened tables are cached, never a failed creation, so a
    // transient failure is retried on the next open; two racing first opens both create, which is harmless.
    private readonly ConcurrentDictionary<string, AzureTableStore> _tables = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Opens tables through <paramref name="service"/>, such as one from <see cref="AzureTableServiceClientFactory"/>.</summary>
    public AzureTableStoreFactory(TableServiceClient service)
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
    }

    /// <inheritdoc />
    public async ValueTask<ITableStore> OpenAsync(string tableName, CancellationToken cancellationToken = default)
    {
        TableRules.ValidateTableName(tableName);
        if (_tables.TryGetValue(tableName, out var table))
        {
            return table;
        }

        await _service.CreateTableIfNotExistsAsync(tableName, cancellationToken).ConfigureAwait(false);
        return _tables.GetOrAdd(tableName, new AzureTableStore(_service.GetTableClient(tableName)));
    }
}
