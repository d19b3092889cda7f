using Loom.Errors;
using Loom.Storage;

namespace Loom.Runs.Storage;

/// <summary>
/// The unfinished runs, by bucket: partition = bucket, row = run. A row is written before a run's
/// first handler starts and deleted once the run has ended, so whatever a crash leaves unfinished is
/// listed here for its bucket's sweep to resume.
/// </summary>
public sealed class RunWakeupTable
{
    /// <summary>The default table name.</summary>
    public const string DefaultTableName = "LoomRunWakeups";

    private readonly ITableStore _table;

    /// <summary>Wraps an opened table.</summary>
    public RunWakeupTable(ITableStore table) => _table = table;

    /// <summary>Opens (creating if needed) the table.</summary>
    public static async ValueTask<RunWakeupTable> OpenAsync(ITableStoreFactory factory, string tableName = DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new RunWakeupTable(await factory.OpenAsync(tableName).ConfigureAwait(false));
    }

    /// <summary>
    /// Lists the runs in <paramref name="watch"/> and drops those in <paramref name="forget"/>, in one
    /// batch of at most 100 changes for distinct runs. Dropping a run that is not listed is not an error.
    /// </summary>
    public async ValueTask ApplyAsync(int bucket, IReadOnlyCollection<string> watch, IReadOnlyCollection<string> forget, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(watch);
        ArgumentNullException.ThrowIfNull(forget);
        var partition = Partition(bucket);
        var operations = watch.Select(runId => TableOperation.Upsert(new TableRow(partition, TableKeyEncoding.Encode(runId), new Dictionary<string, object> { ["WatchedAt"] = now })))
            .Concat(forget.Select(runId => TableOperation.Delete(partition, TableKeyEncoding.Encode(runId), TableOperation.AnyETag)))
            .ToList();

        // A delete of a row that is gone fails the whole batch: take it out and write the rest.
        while (operations.Count > 0)
        {
            try
            {
                await _table.ExecuteBatchAsync(operations).ConfigureAwait(false);
                return;
            }
            catch (TableConflict conflict) when (conflict.Reason == TableConflictReason.NotFound && conflict.OperationIndex is { } index)
            {
                operations.RemoveAt(index);
            }
        }
    }

    /// <summary>The runs listed in <paramref name="bucket"/>.</summary>
    public async ValueTask<IReadOnlyList<string>> ReadAsync(int bucket)
    {
        var rows = await _table.QueryAllAsync(new TableQuery(Partition(bucket))).ToListAsync().ConfigureAwait(false);
        return rows.Select(row => TableKeyEncoding.Decode(row.RowKey)).ToList();
    }

    private static string Partition(int bucket) => bucket.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
