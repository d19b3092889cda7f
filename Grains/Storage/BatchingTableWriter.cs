using Loom.Errors;
using Microsoft.Extensions.Logging;

namespace Loom.Storage;

/// <summary>
/// Gathers single-row writes to one table into batches, a partition at a time, so that many callers
/// writing small rows share round trips. A write that must be stored before its caller goes on
/// (<see cref="WriteAsync"/>) goes out at once, taking along whatever waits in its partition; one that
/// may lag (<see cref="Enqueue"/>) waits up to the linger delay for company. While a partition's batch
/// is being written, what arrives for it goes out in the next one, oldest first. A later write to a
/// row replaces an earlier one that has not gone out, except that a lagging write never replaces one
/// that must be stored: that one is newer news than anything lagging behind it, and is kept.
/// </summary>
public sealed class BatchingTableWriter : IAsyncDisposable
{
    private readonly ITableStore _table;
    private readonly TimeSpan _linger;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Partition> _partitions = new(StringComparer.Ordinal);

    /// <summary>Writes to <paramref name="table"/>; lagging writes wait up to <paramref name="linger"/>.</summary>
    public BatchingTableWriter(ITableStore table, TimeSpan linger, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(linger, TimeSpan.Zero);
        _table = table;
        _linger = linger;
        _time = time;
        _logger = logger;
    }

    /// <summary>Writes the row now (with its partition's waiting rows); completes once it is stored, or fails with the store's error.</summary>
    public Task WriteAsync(TableOperation operation) => Add(operation, urgent: true)!;

    /// <summary>Writes the row within the linger delay, sharing a batch; a failure is logged, not thrown.</summary>
    public void Enqueue(TableOperation operation) => Add(operation, urgent: false);

    /// <summary>Writes everything waiting now, and completes once it has been written (later writes are not waited for).</summary>
    public Task FlushAsync()
    {
        lock (_gate)
        {
            var flushed = new List<Task>();
            foreach (var partition in _partitions.Values.Where(p => p.Waiting.Count > 0 || p.Writing is not null))
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                partition.Flushes.Add((partition.LastAdded, done));
                flushed.Add(done.Task);
                if (partition.Writing is null)
                {
                    StartWriting(partition);
                }
            }

            return Task.WhenAll(flushed);
        }
    }

    /// <summary>Writes everything waiting.</summary>
    public async ValueTask DisposeAsync() => await FlushAsync().ConfigureAwait(false);

    private Task? Add(TableOperation operation, bool urgent)
    {
        ArgumentNullException.ThrowIfNull(operation);
        lock (_gate)
        {
            if (!_partitions.TryGetValue(operation.PartitionKey, out var partition))
            {
                partition = new Partition();
                _partitions.Add(operation.PartitionKey, partition);
            }

            if (partition.ByRow.TryGetValue(operation.RowKey, out var pending))
            {
                if (!urgent && pending.Stored is not null)
                {
                    return null;
                }

                pending.Operation = operation;
            }
            else
            {
                pending = new PendingWrite(operation, ++partition.LastAdded);
                partition.ByRow.Add(operation.RowKey, pending);
                partition.Waiting.Enqueue(pending);
            }

            if (urgent)
            {
                pending.Stored ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            if (partition.Writing is null)
            {
                if (urgent || partition.Waiting.Count >= TableRules.MaxBatchOperations)
                {
                    StartWriting(partition);
                }
                else
                {
                    partition.Linger ??= _time.CreateTimer(OnLingerElapsed, partition, _linger, Timeout.InfiniteTimeSpan);
                }
            }

            return pending.Stored?.Task;
        }
    }

    private void OnLingerElapsed(object? state)
    {
        lock (_gate)
        {
            var partition = (Partition)state!;
            if (partition.Writing is null && partition.Waiting.Count > 0)
            {
                StartWriting(partition);
            }
        }
    }

    // Called under the gate.
    private void StartWriting(Partition partition)
    {
        partition.Linger?.Dispose();
        partition.Linger = null;
        partition.Writing = Task.Run(() => WriteAllAsync(partition));
    }

    private async Task WriteAllAsync(Partition partition)
    {
        while (true)
        {
            var batch = new List<PendingWrite>(Math.Min(partition.Waiting.Count, TableRules.MaxBatchOperations));
            lock (_gate)
            {
                if (partition.Waiting.Count == 0)
                {
                    partition.Writing = null;
                    return;
                }

                while (batch.Count < TableRules.MaxBatchOperations && partition.Waiting.TryDequeue(out var write))
                {
                    partition.ByRow.Remove(write.Operation.RowKey);
                    batch.Add(write);
                }
            }

            await WriteBatchAsync(batch).ConfigureAwait(false);
            lock (_gate)
            {
                // Oldest first, so everything added up to the batch's last write has been written.
                var written = batch[^1].Added;
                foreach (var flush in partition.Flushes.Where(flush => flush.Through <= written).ToList())
                {
                    partition.Flushes.Remove(flush);
                    flush.Done.TrySetResult();
                }
            }
        }
    }

    private async Task WriteBatchAsync(List<PendingWrite> batch)
    {
        var remaining = new List<PendingWrite>(batch);
        while (remaining.Count > 0)
        {
            try
            {
                await _table.ExecuteBatchAsync(remaining.ConvertAll(write => write.Operation)).ConfigureAwait(false);
                remaining.ForEach(write => write.Stored?.TrySetResult());
                return;
            }
            catch (TableConflict conflict) when (conflict.OperationIndex is { } index && index < remaining.Count)
            {
                // One refused row fails only its own writers; the rest go out again without it.
                Fail(remaining[index], conflict);
                remaining.RemoveAt(index);
            }
            catch (Exception error)
            {
                remaining.ForEach(write => Fail(write, error));
                return;
            }
        }
    }

    private void Fail(PendingWrite write, Exception error)
    {
        if (write.Stored is { } stored)
        {
            stored.TrySetException(error);
        }
        else if (error is TableConflict conflict)
        {
            // Expected now and then, as when a row a lagging delete meant to remove is already gone.
            BatchingTableWriterLog.LaggingWriteRefused(_logger, write.Operation.PartitionKey, write.Operation.RowKey, conflict.Reason);
        }
        else
        {
            BatchingTableWriterLog.LaggingWriteFailed(_logger, error, write.Operation.PartitionKey, write.Operation.RowKey);
        }
    }

    private sealed class Partition
    {
        public Queue<PendingWrite> Waiting { get; } = new();

        public Dictionary<string, PendingWrite> ByRow { get; } = new(StringComparer.Ordinal);

        public List<(long Through, TaskCompletionSource Done)> Flushes { get; } = [];

        public long LastAdded { get; set; }

        public Task? Writing { get; set; }

        public ITimer? Linger { get; set; }
    }

    private sealed class PendingWrite(TableOperation operation, long added)
    {
        public TableOperation Operation { get; set; } = operation;

        public long Added { get; } = added;

        public TaskCompletionSource? Stored { get; set; }
    }
}
