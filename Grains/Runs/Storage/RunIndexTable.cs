using Loom.Storage;
using Microsoft.Extensions.Logging;

namespace Loom.Runs.Storage;

/// <summary>
/// The run index's rows: partition = operation, row = run, with the run's phase, version and update
/// time. Runs record their phase changes here without waiting: the rows of many runs go out together
/// within <see cref="Linger"/>, so keeping the index costs a run a small share of one write.
/// </summary>
public sealed class RunIndexTable : IAsyncDisposable
{
    /// <summary>The default table name.</summary>
    public const string DefaultTableName = "LoomRunIndex";

    /// <summary>How long a recorded phase may wait for others to share its write.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(200);

    private readonly ITableStore _table;
    private readonly BatchingTableWriter _writer;

    /// <summary>Wraps an opened table.</summary>
    public RunIndexTable(ITableStore table, TimeProvider time, ILogger logger)
    {
        _table = table;
        _writer = new BatchingTableWriter(table, Linger, time, logger);
    }

    /// <summary>Opens (creating if needed) the index table.</summary>
    public static async ValueTask<RunIndexTable> OpenAsync(ITableStoreFactory factory, TimeProvider time, ILogger logger, string tableName = DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new RunIndexTable(await factory.OpenAsync(tableName).ConfigureAwait(false), time, logger);
    }

    /// <summary>Records a run's phase, replacing what was recorded for it before.</summary>
    public void Record(RunIndexEntry entry) => _writer.Enqueue(Upsert(entry));

    /// <summary>Records a run's phase now, with what waits beside it; completes once it is stored.</summary>
    public Task RecordNowAsync(RunIndexEntry entry) => _writer.WriteAsync(Upsert(entry));

    /// <summary>Stores every phase recorded so far.</summary>
    public Task FlushAsync() => _writer.FlushAsync();

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

    /// <summary>Stores every phase recorded so far.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private static TableOperation Upsert(RunIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return TableOperation.Upsert(new TableRow(TableKeyEncoding.Encode(entry.OperationId), TableKeyEncoding.Encode(entry.RunId), new Dictionary<string, object>
        {
            ["Phase"] = entry.Phase.ToString(),
            ["Version"] = entry.Version,
            ["UpdatedAt"] = entry.UpdatedAt,
        }));
    }
}
