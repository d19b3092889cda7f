using Loom.Storage;

namespace Loom.Runs.Storage;

/// <summary>The run index's rows: partition = operation, row = run, with the run's phase, version and update time.</summary>
public sealed class RunIndexTable
{
    /// <summary>The default table name.</summary>
    public const string DefaultTableName = "LoomRunIndex";

    private readonly ITableStore _table;

    /// <summary>Wraps an opened table.</summary>
    public RunIndexTable(ITableStore table) => _table = table;

    /// <summary>Opens (creating if needed) the index table.</summary>
    public static async ValueTask<RunIndexTable> OpenAsync(ITableStoreFactory factory, string tableName = DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new RunIndexTable(await factory.OpenAsync(tableName).ConfigureAwait(false));
    }

    /// <summary>Writes the entries of one operation, a batch per 100 runs; a later entry for a run replaces the earlier one.</summary>
    public async ValueTask WriteAsync(string operationId, IReadOnlyList<RunIndexEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var partition = TableKeyEncoding.Encode(operationId);
        foreach (var chunk in entries.Chunk(TableRules.MaxBatchOperations))
        {
            await _table.ExecuteBatchAsync(chunk.Select(entry => TableOperation.Upsert(new TableRow(partition, TableKeyEncoding.Encode(entry.RunId), new Dictionary<string, object>
            {
                ["Phase"] = entry.Phase.ToString(),
                ["Version"] = entry.Version,
                ["UpdatedAt"] = entry.UpdatedAt,
            }))).ToList()).ConfigureAwait(false);
        }
    }

    /// <summary>Every run of the operation.</summary>
    public async ValueTask<IReadOnlyList<RunIndexEntry>> ReadAsync(string operationId)
    {
        var rows = await _table.QueryAllAsync(new TableQuery(TableKeyEncoding.Encode(operationId))).ToListAsync().ConfigureAwait(false);
        return rows.Select(row => new RunIndexEntry(
            TableKeyEncoding.Decode(row.RowKey),
            operationId,
            row.Get<int>("Version"),
            Enum.Parse<RunPhase>(row.Get<string>("Phase")!),
            row.Get<DateTimeOffset>("UpdatedAt"))).ToList();
    }
}
