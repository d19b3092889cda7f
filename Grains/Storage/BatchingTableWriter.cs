using Loom.Errors;
using Microsoft.Extensions.Logging;

namespace Loom.Storage;

/// <summary>
/// Gathers single-row writes to one table into batches, a partition at a time, so that many callers
/// writing small rows share round trips. A write that must be stored before its caller goes on
/// (<see cref="WriteAsync"/>) goes out at once, taking along whatever waits in its partition; one that
/// may lag (<see cref="Enqueue"/>) waits up to the linger delay for company. While a partition's batch
/// is being written, what arrives for it goes out in the next one. Within a partition the latest
/// write to a row replaces an earlier one that has not gone out yet.
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

    /// <summary>Writes everything waiting, and completes when all of it has been written.</summary>
    public Task FlushAsync()
    {
        lock (_gate)
        {
            foreach (var partition in _partitions.Values.Where(p => p.Writing is null && p.Waiting.Count > 0))
            {
                StartWriting(partition);
            }

            return Task.WhenAll(_partitions.Values.Select(p => p.Writing ?? Task.CompletedTask));
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

            if (!partition.Waiting.TryGetValue(operation.RowKey, out var pending))
            {
                pending = new PendingWrite();
                partition.Waiting.Add(operation.RowKey, pending);
            }

            pending.Operation = operation;
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
            List<PendingWrite> batch;
            lock (_gate)
            {
                if (partition.Waiting.Count == 0)
                {
                    partition.Writing = null;
                    return;
                }

                var taken = partition.Waiting.Take(TableRules.MaxBatchOperations).ToList();
                foreach (var (rowKey, _) in taken)
                {
                    partition.Waiting.Remove(rowKey);
                }

                batch = taken.ConvertAll(entry => entry.Value);
            }

            await WriteBatchAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task WriteBatchAsync(List<PendingWrite> batch)
    {
        while (batch.Count > 0)
        {
            try
            {
                await _table.ExecuteBatchAsync(batch.ConvertAll(write => write.Operation!)).ConfigureAwait(false);
                batch.ForEach(write => write.Stored?.TrySetResult());
                return;
            }
            catch (TableConflict conflict) when (conflict.OperationIndex is { } index && index < batch.Count)
            {
                // One refused row fails only its own writers; the rest go out again without it.
                Fail(batch[index], conflict);
                batch.RemoveAt(index);
            }
            catch (Exception error)
            {
                batch.ForEach(write => Fail(write, error));
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
            BatchingTableWriterLog.LaggingWriteRefused(_logger, write.Operation!.PartitionKey, write.Operation.RowKey, conflict.Reason);
        }
        else
        {
            BatchingTableWriterLog.LaggingWriteFailed(_logger, error, write.Operation!.PartitionKey, write.Operation.RowKey);
        }
    }

    private sealed class Partition
    {
        public Dictionary<string, PendingWrite> Waiting { get; } = new(StringComparer.Ordinal);

        public Task? Writing { get; set; }

        public ITimer? Linger { get; set; }
    }

    private sealed class PendingWrite
    {
        public TableOperation? Operation { get; set; }

        public TaskCompletionSource? Stored { get; set; }
    }
}
