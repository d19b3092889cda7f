using Azure;
using Azure.Data.Tables;
using Loom.Errors;
using Loom.Storage;

namespace Loom.Silo.Storage.AzureTables;

/// <summary>
/// One table of an Azure storage account (or Azurite) behind the <see cref="ITableStore"/> port. Every call
/// checks <see cref="TableRules"/> before it sends anything, because the service's own refusals of an
/// oversized batch or a bad key arrive late and unhelpfully, if at all.
/// </summary>
public sealed class AzureTableStore : ITableStore
{
    private readonly TableClient _client;

    /// <summary>Wraps a client of an existing table.</summary>
    /// <exception cref="TableLimitExceeded">The client's table name is not a valid Azure table name.</exception>
    public AzureTableStore(TableClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        TableRules.ValidateTableName(client.Name);
        _client = client;
    }

    /// <inheritdoc />
    public string Name => _client.Name;

    /// <inheritdoc />
    public async ValueTask<TableRow?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        TableRules.ValidateKeys(Name, partitionKey, rowKey);
        var response = await _client.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? AzureTableEntities.ToRow(response.Value!) : null;
    }

    /// <inheritdoc />
    public async ValueTask<TablePage> QueryAsync(TableQuery query, CancellationToken cancellationToken = default)
    {
        TableRules.ValidateQuery(Name, query);
        var pages = _client.QueryAsync<TableEntity>(AzureTableFilter.For(query), query.PageSize, cancellationToken: cancellationToken)
            .AsPages(query.ContinuationToken, query.PageSize);
        await foreach (var page in pages.ConfigureAwait(false))
        {
            var rows = page.Values.Select(AzureTableEntities.ToRow).ToList();
            return new TablePage(rows, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return new TablePage([], null);
    }

    /// <inheritdoc />
    public async ValueTask<string?> ExecuteAsync(TableOperation operation, CancellationToken cancellationToken = default)
    {
        TableRules.ValidateOperation(Name, operation);
        Response response;
        try
        {
            response = operation.Kind switch
            {
                TableOperationKind.Insert => await _client.AddEntityAsync(AzureTableEntities.ToEntity(operation.Row!), cancellationToken).ConfigureAwait(false),
                TableOperationKind.Upsert => await _client.UpsertEntityAsync(AzureTableEntities.ToEntity(operation.Row!), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false),
                TableOperationKind.Replace => await _client.UpdateEntityAsync(AzureTableEntities.ToEntity(operation.Row!), IfMatch(operation), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false),
                _ => await _client.DeleteEntityAsync(operation.PartitionKey, operation.RowKey, IfMatch(operation), cancellationToken).ConfigureAwait(false),
            };
        }
        catch (RequestFailedException error) when (AzureTableConflicts.Reason(operation.Kind, error) is { } reason)
        {
            throw new TableConflict(reason, Name, operation.PartitionKey, operation.RowKey);
        }

        // The SDK returns a 404 from a delete instead of throwing it; the port's delete needs the row to exist.
        if (operation.Kind == TableOperationKind.Delete && response.Status == 404)
        {
            var errorCode = response.Headers.TryGetValue("x-ms-error-code", out var code) ? code : null;
            throw AzureTableConflicts.Reason(operation.Kind, response.Status, errorCode) is { } reason
                ? new TableConflict(reason, Name, operation.PartitionKey, operation.RowKey)
                : new RequestFailedException(response);
        }

        return operation.Kind == TableOperationKind.Delete ? null : response.Headers.ETag?.ToString();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string?>> ExecuteBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default)
    {
        TableRules.ValidateBatch(Name, operations);
        var actions = operations.Select(ToAction).ToList();
        Response<IReadOnlyList<Response>> responses;
        try
        {
            responses = await _client.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException error) when (error.FailedTransactionActionIndex is { } index
            && index >= 0 && index < operations.Count
            && AzureTableConflicts.Reason(operations[index].Kind, error) is { } reason)
        {
            throw new TableConflict(reason, Name, operations[index].PartitionKey, operations[index].RowKey, index);
        }

        var eTags = new string?[operations.Count];
        for (var i = 0; i < eTags.Length; i++)
        {
            eTags[i] = operations[i].Kind == TableOperationKind.Delete ? null : responses.Value[i].Headers.ETag?.ToString();
        }

        return eTags;
    }

    private static TableTransactionAction ToAction(TableOperation operation) => operation.Kind switch
    {
        TableOperationKind.Insert => new(TableTransactionActionType.Add, AzureTableEntities.ToEntity(operation.Row!)),
        TableOperationKind.Upsert => new(TableTransactionActionType.UpsertReplace, AzureTableEntities.ToEntity(operation.Row!)),
        TableOperationKind.Replace => new(TableTransactionActionType.UpdateReplace, AzureTableEntities.ToEntity(operation.Row!), IfMatch(operation)),
        _ => new(TableTransactionActionType.Delete, new TableEntity(operation.PartitionKey, operation.RowKey), IfMatch(operation)),
    };

    private static ETag IfMatch(TableOperation operation) => operation.ETag is null or TableOperation.AnyETag ? ETag.All : new ETag(operation.ETag);
}
