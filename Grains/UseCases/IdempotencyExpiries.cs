using System.Globalization;
using Loom.Errors;
using Loom.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loom.UseCases;

/// <summary>
/// When each batch of evicted idempotency receipts expires, so that expired ones can be found and
/// deleted: one note per batch, naming the batch's rows, in a partition per slice of expiry time (a 24th
/// of the retention, between a second and an hour), written without waiting (notes of many batches go
/// out together), and a cursor row saying up to where the sweep got. A batch whose note was still
/// waiting when its silo died is never swept; its receipts are still answered only until their
/// retention ends.
/// </summary>
public sealed class IdempotencyExpiries : IAsyncDisposable
{
    /// <summary>The table's name.</summary>
    public const string TableName = "LoomIdempotencyExpiry";

    /// <summary>How long a row may wait for others to share its write.</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(200);

    private const string CursorPartition = "cursor";
    private const string CursorRow = "swept-up-to";
    private const string SliceFormat = "yyyyMMddHHmmss";
    private const string RowsProperty = "Rows";

    private readonly Lazy<Task<(ITableStore Table, BatchingTableWriter Writer)>>? _table;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;
    private readonly long _slice;

    /// <summary>Keeps expiries in the silo's table port, when it has one.</summary>
    public IdempotencyExpiries(IServiceProvider services, IOptions<UseCaseOptions> options, TimeProvider time, ILogger<IdempotencyExpiries> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _retention = options.Value.IdempotencyRetention;
        _slice = Math.Clamp(_retention.Ticks / 24, TimeSpan.TicksPerSecond, TimeSpan.TicksPerHour);
        if (services.GetService<ITableStoreFactory>() is { } tables)
        {
            _table = new(async () =>
            {
                var table = await tables.OpenAsync(TableName).ConfigureAwait(false);
                return (table, new BatchingTableWriter(table, Linger, time, logger));
            });
        }
    }

    /// <summary>Whether the silo has a table port to keep expiries in.</summary>
    public bool IsAvailable => _table is not null;

    /// <summary>
    /// Notes that the rows <paramref name="rows"/> of <paramref name="partition"/> hold receipts recorded
    /// at <paramref name="newest"/> or before; a batch noted again (written twice) upserts the same note.
    /// </summary>
    public async Task NoteAsync(string partition, IReadOnlyList<string> rows, DateTimeOffset newest)
    {
        if (_table is null || rows.Count == 0)
        {
            return;
        }

        var (_, writer) = await _table.Value.ConfigureAwait(false);
        var note = new Dictionary<string, object> { [RowsProperty] = TableKeyEncoding.Join([.. rows]) };
        writer.Enqueue(TableOperation.Upsert(new TableRow(Slice(newest + _retention), TableKeyEncoding.Join(partition, rows[0]), note)));
    }

    /// <summary>
    /// Hands the partition and row of every receipt whose batch's slice of expiry time has passed to
    /// <paramref name="delete"/>, then forgets it, slice by slice from the stored cursor (on a first
    /// sweep, from one retention ago: no receipt noted before could have expired since); returns how
    /// many it handed over.
    /// </summary>
    public async Task<int> SweepAsync(Func<string, string, Task> delete, CancellationToken cancellationToken)
    {
        if (_table is null)
        {
            return 0;
        }

        var (table, _) = await _table.Value.ConfigureAwait(false);
        var cursor = await table.GetAsync(CursorPartition, CursorRow, cancellationToken).ConfigureAwait(false);
        var from = cursor is null ? _time.GetUtcNow() - _retention : cursor.Get<DateTimeOffset>("Slice");
        var upTo = Truncate(_time.GetUtcNow());
        var swept = 0;
        for (var slice = Truncate(from); slice < upTo; slice = slice.AddTicks(_slice))
        {
            await foreach (var row in table.QueryAllAsync(new TableQuery(Slice(slice)), cancellationToken).ConfigureAwait(false))
            {
                foreach (var (partition, receipt) in Rows(row))
                {
                    await delete(partition, receipt).ConfigureAwait(false);
                    swept++;
                }

                try
                {
                    await table.DeleteAsync(row.PartitionKey, row.RowKey, row.ETag!, cancellationToken).ConfigureAwait(false);
                }
                catch (TableConflict)
                {
                    // Another silo's sweep got to it first.
                }
            }
        }

        await table.UpsertAsync(new TableRow(CursorPartition, CursorRow, new Dictionary<string, object> { ["Slice"] = upTo }), cancellationToken).ConfigureAwait(false);
        return swept;
    }

    /// <summary>Stores the rows still waiting.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_table is { IsValueCreated: true } table && table.Value.IsCompletedSuccessfully)
        {
            await table.Value.Result.Writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The receipt rows a note names. A note written before notes named whole batches names its one row
    /// in its own key; one written when each key was a grain of its own names only the key, whose
    /// record this table never held: it names none.
    /// </summary>
    private static IEnumerable<(string Partition, string Row)> Rows(TableRow note)
    {
        var noted = TableKeyEncoding.Split(note.RowKey);
        if (noted.Length < 2)
        {
            return [];
        }

        var rows = note.Get<string>(RowsProperty) is { } batch ? TableKeyEncoding.Split(batch) : [noted[1]];
        return rows.Select(row => (noted[0], row));
    }

    private DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % _slice), TimeSpan.Zero);

    private string Slice(DateTimeOffset at) => Truncate(at).UtcDateTime.ToString(SliceFormat, CultureInfo.InvariantCulture);
}
