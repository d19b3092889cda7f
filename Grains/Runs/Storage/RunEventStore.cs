using System.Globalization;
using System.Runtime.CompilerServices;
using Loom.Errors;
using Loom.Storage;

namespace Loom.Runs.Storage;

/// <summary>
/// The append-only event streams of durable runs, in one table. A run is a partition (its id
/// encoded with <see cref="TableKeyEncoding"/>); each event is a row keyed by its sequence,
/// zero-padded to 19 digits so that row-key order is sequence order. Beside the events, each run
/// has one head marker row, <c>h</c> followed by the last sequence, which every append moves in
/// the same atomic batch that inserts the events.
/// </summary>
/// <remarks>
/// Every append is exactly one batch, so it is one round trip and all-or-nothing: the events are
/// inserts (two writers can never both write sequence N), and after the first append the batch
/// also deletes the marker of the sequence before it, so an append that would leave a gap is
/// refused too. An append is never split over several batches, since a split append could be
/// half written; one that does not fit one batch is refused with <see cref="RunAppendTooLarge"/>.
/// Reading the head is one query of one row (the marker), whatever the stream's length: the port
/// has no reverse query, and probing for the last event would cost a read per doubling.
/// </remarks>
public sealed class RunEventStore
{
    /// <summary>The most events one append holds: a batch's 100 operations, less the two that move the head marker.</summary>
    public const int MaxEventsPerAppend = TableRules.MaxBatchOperations - 2;

    /// <summary>
    /// The most bytes one append holds, by Azure's entity size formula. Azure refuses a batch whose
    /// request exceeds 4 MiB, and binary properties travel base64 (4 bytes for 3); 2.5 MiB leaves
    /// room for that and for the request's framing. Any single event that fits a row fits here.
    /// </summary>
    public const long MaxAppendBytes = 5 * 512 * 1024;

    private const string TypeProperty = "Type";
    private const string RecordedAtProperty = "RecordedAt";
    private const string SequenceFormat = "D19";
    private const string MarkerPrefix = "h";

    // Event keys are digits only: ':' follows '9', so [from, ":") holds the events and never a marker.
    private const string EventKeysEnd = ":";

    private readonly ITableStore _table;
    private readonly TimeProvider _time;

    /// <summary>Creates the store over an opened table.</summary>
    /// <param name="table">The event table.</param>
    /// <param name="time">The clock that stamps appended events; the system clock when null.</param>
    public RunEventStore(ITableStore table, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Opens (creating when missing) the event table the options name and returns a store over it.</summary>
    public static async ValueTask<RunEventStore> OpenAsync(ITableStoreFactory factory, RunStorageOptions? options = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var table = await factory.OpenAsync((options ?? new RunStorageOptions()).EventTableName, cancellationToken).ConfigureAwait(false);
        return new RunEventStore(table, time);
    }

    /// <summary>
    /// Appends events at <paramref name="expectedNextSequence"/> and after, in one atomic batch, and
    /// returns them as stored.
    /// </summary>
    /// <exception cref="RunEventConflict">A sequence of the append was taken; nothing was written.</exception>
    /// <exception cref="RunEventSequenceGap">The run does not end just before <paramref name="expectedNextSequence"/>; nothing was written.</exception>
    /// <exception cref="RunEventTooLarge">An event does not fit one row; nothing was written.</exception>
    /// <exception cref="RunAppendTooLarge">The append holds more than <see cref="MaxEventsPerAppend"/> events or <see cref="MaxAppendBytes"/> bytes; nothing was written.</exception>
    public async ValueTask<IReadOnlyList<StoredRunEvent>> AppendAsync(string runId, long expectedNextSequence, IReadOnlyList<NewRunEvent> events, CancellationToken cancellationToken = default)
    {
        var partition = Partition(runId);
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedNextSequence, 1);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfZero(events.Count, nameof(events));
        if (events.Count > MaxEventsPerAppend)
        {
            throw new RunAppendTooLarge(runId, expectedNextSequence, $"it holds {events.Count} events; the most is {MaxEventsPerAppend}");
        }

        var recordedAt = _time.GetUtcNow();
        var stored = new StoredRunEvent[events.Count];
        var operations = new List<TableOperation>(events.Count + 2);
        long bytes = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var (type, data) = events[i];
            ArgumentException.ThrowIfNullOrEmpty(type, $"{nameof(events)}[{i}].{nameof(NewRunEvent.Type)}");
            var sequence = expectedNextSequence + i;
            var row = EventRow(partition, sequence, type, data.Span, recordedAt);
            var size = TableRules.EntitySize(row);
            if (size > TableRules.MaxEntityBytes)
            {
                throw new RunEventTooLarge(runId, sequence, size, TableRules.MaxEntityBytes);
            }

            bytes += size;
            operations.Add(TableOperation.Insert(row));
            stored[i] = new StoredRunEvent(sequence, type, data.ToArray(), recordedAt);
        }

        if (bytes > MaxAppendBytes)
        {
            throw new RunAppendTooLarge(runId, expectedNextSequence, $"its rows take {bytes} bytes; the most is {MaxAppendBytes}");
        }

        if (expectedNextSequence > 1)
        {
            operations.Add(TableOperation.Delete(partition, MarkerKey(expectedNextSequence - 1), TableOperation.AnyETag));
        }

        operations.Add(TableOperation.Insert(new TableRow(partition, MarkerKey(stored[^1].Sequence), new Dictionary<string, object>())));
        try
        {
            await _table.ExecuteBatchAsync(operations, cancellationToken).ConfigureAwait(false);
        }
        catch (TableConflict conflict)
        {
            throw await RefusalAsync(runId, expectedNextSequence, conflict, cancellationToken).ConfigureAwait(false);
        }

        return stored;
    }

    /// <summary>Reads the run's events from <paramref name="fromSequence"/> on, in sequence order, a page of up to 1,000 at a time.</summary>
    public async IAsyncEnumerable<StoredRunEvent> ReadAsync(string runId, long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var partition = Partition(runId);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        var query = new TableQuery(partition, EventKey(fromSequence), EventKeysEnd);
        await foreach (var row in _table.QueryAllAsync(query, cancellationToken).ConfigureAwait(false))
        {
            yield return new StoredRunEvent(
                long.Parse(row.RowKey, NumberStyles.None, CultureInfo.InvariantCulture),
                row.Get<string>(TypeProperty) ?? throw new InvalidDataException($"Event row ('{row.PartitionKey}', '{row.RowKey}') has no type."),
                BinaryProperties.Read(row),
                row.Get<DateTimeOffset>(RecordedAtProperty));
        }
    }

    /// <summary>The run's last sequence, or 0 when it has no events: one read of one row.</summary>
    public async ValueTask<long> HeadAsync(string runId, CancellationToken cancellationToken = default)
    {
        var query = TableQuery.WithPrefix(Partition(runId), MarkerPrefix) with { PageSize = 1 };
        var page = await _table.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        return page.Rows.Count == 0 ? 0 : long.Parse(page.Rows[0].RowKey.AsSpan(MarkerPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    // The batch names the operation refused. An event insert names the sequence taken; a marker
    // refusal means the run does not end where the append starts, and the head says which way.
    private async ValueTask<LoomError> RefusalAsync(string runId, long expectedNextSequence, TableConflict conflict, CancellationToken cancellationToken)
    {
        if (conflict.Reason == TableConflictReason.AlreadyExists && !conflict.RowKey.StartsWith(MarkerPrefix, StringComparison.Ordinal))
        {
            return new RunEventConflict(runId, long.Parse(conflict.RowKey, NumberStyles.None, CultureInfo.InvariantCulture));
        }

        var head = await HeadAsync(runId, cancellationToken).ConfigureAwait(false);
        return head >= expectedNextSequence ? new RunEventConflict(runId, expectedNextSequence) : new RunEventSequenceGap(runId, expectedNextSequence, head);
    }

    private static TableRow EventRow(string partition, long sequence, string type, ReadOnlySpan<byte> data, DateTimeOffset recordedAt)
    {
        var properties = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [TypeProperty] = type,
            [RecordedAtProperty] = recordedAt,
        };
        BinaryProperties.Write(properties, data);
        return new TableRow(partition, EventKey(sequence), properties);
    }

    private static string Partition(string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return TableKeyEncoding.Encode(runId);
    }

    private static string EventKey(long sequence) => sequence.ToString(SequenceFormat, CultureInfo.InvariantCulture);

    private static string MarkerKey(long sequence) => MarkerPrefix + EventKey(sequence);
}
