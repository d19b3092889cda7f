using Loom.Storage;
using Microsoft.Extensions.Logging;

namespace Loom.Runs.Storage;

/// <summary>
/// The unfinished runs, by bucket: partition = bucket, row = run. A run is listed before its first
/// handler starts and dropped once it has ended, so whatever a crash leaves unfinished is listed here
/// for its bucket's sweep to resume. Listings of runs starting together share a write; drops wait up
/// to <see cref="Linger"/> to share one.
/// </summary>
public sealed class RunWakeupTable : IAsyncDisposable
{
    /// <summary>The default table name.</summary>
    public const string DefaultTableName = "LoomRunWakeups";

    /// <summary>How long a drop may wait for others to share its write.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(100);

    private readonly ITableStore _table;
    private readonly BatchingTableWriter _writer;
    private readonly TimeProvider _time;

    /// <summary>Wraps an opened table.</summary>
    public RunWakeupTable(ITableStore table, TimeProvider time, ILogger logger)
    {
        _table = table;
        _time = time;
        _writer = new BatchingTableWriter(table, Linger, time, logger);
    }

    /// <summary>Opens (creating if needed) the table.</summary>
    public static async ValueTask<RunWakeupTable> OpenAsync(ITableStoreFactory factory, TimeProvider time, ILogger logger, string tableName = DefaultTableName)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new RunWakeupTable(await factory.OpenAsync(tableName).ConfigureAwait(false), time, logger);
    }

    /// <summary>Lists the run in <paramref name="bucket"/>; completes once the listing is stored.</summary>
    public Task WatchAsync(int bucket, string runId) =>
        _writer.WriteAsync(TableOperation.Upsert(new TableRow(Partition(bucket), TableKeyEncoding.Encode(runId), new Dictionary<string, object> { ["WatchedAt"] = _time.GetUtcNow() })));

    /// <summary>
    /// Drops the run from <paramref name="bucket"/> soon; dropping a run that is not listed does
    /// nothing. With the <paramref name="eTag"/> of a listing read earlier, the drop does nothing
    /// either if the run has been listed again since.
    /// </summary>
    public void Forget(int bucket, string runId, string eTag = TableOperation.AnyETag) =>
        _writer.Enqueue(TableOperation.Delete(Partition(bucket), TableKeyEncoding.Encode(runId), eTag));

    /// <summary>Stores every listing and drop made so far.</summary>
    public Task FlushAsync() => _writer.FlushAsync();

    /// <summary>The runs listed in <paramref name="bucket"/>.</summary>
    public async ValueTask<IReadOnlyList<RunWakeupListing>> ReadAsync(int bucket)
    {
        var rows = await _table.QueryAllAsync(new TableQuery(Partition(bucket))).ToListAsync().ConfigureAwait(false);
        return rows.Select(row => new RunWakeupListing(TableKeyEncoding.Decode(row.RowKey), row.ETag!)).ToList();
    }

    /// <summary>Stores every listing and drop made so far.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private static string Partition(int bucket) => bucket.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
