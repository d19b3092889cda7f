using Loom.Errors;
using Loom.Storage;
using Loom.Storage.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Loom.Tests.Storage;

public sealed class BatchingTableWriterTests
{
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(100);
    private readonly FakeTimeProvider _time = new();

    private static TableOperation Upsert(string partition, string row, int value = 0) =>
        TableOperation.Upsert(new TableRow(partition, row, new Dictionary<string, object> { ["Value"] = value }));

    private async Task<(BatchingTableWriter Writer, GatedTableStore Table)> CreateAsync()
    {
        var table = new GatedTableStore(await new InMemoryTableStoreFactory().OpenAsync("batching"));
        return (new BatchingTableWriter(table, Linger, _time, NullLogger.Instance), table);
    }

    [Fact]
    public async Task A_write_that_must_be_stored_goes_out_at_once_and_is_stored_when_acknowledged()
    {
        var (writer, table) = await CreateAsync();

        await writer.WriteAsync(Upsert("p", "a", 1));

        Assert.Equal(1, (await table.GetAsync("p", "a"))!.Get<int>("Value"));
        Assert.Single(table.Batches);
    }

    [Fact]
    public async Task Writes_arriving_while_a_batch_is_out_share_the_next_one()
    {
        var (writer, table) = await CreateAsync();
        table.Hold();

        var first = writer.WriteAsync(Upsert("p", "first"));
        await table.WaitUntilHeldAsync();
        var others = Enumerable.Range(0, 10).Select(i => writer.WriteAsync(Upsert("p", $"r{i}"))).ToList();
        table.Release();
        await Task.WhenAll([first, .. others]);

        Assert.Equal([1, 10], table.Batches.Select(b => b.Count));
    }

    [Fact]
    public async Task A_lagging_write_waits_for_the_linger_delay_and_then_goes_out_with_its_company()
    {
        var (writer, table) = await CreateAsync();

        writer.Enqueue(Upsert("p", "a"));
        writer.Enqueue(Upsert("p", "b"));
        var beforeLinger = table.Batches.Count;
        _time.Advance(Linger);
        await writer.FlushAsync();

        Assert.Equal(0, beforeLinger);
        Assert.Equal([2], table.Batches.Select(b => b.Count));
    }

    [Fact]
    public async Task A_write_that_must_be_stored_takes_the_lagging_writes_of_its_partition_along()
    {
        var (writer, table) = await CreateAsync();

        writer.Enqueue(Upsert("p", "lagging"));
        writer.Enqueue(Upsert("other", "lagging"));
        await writer.WriteAsync(Upsert("p", "urgent"));

        Assert.Equal([["p"]], table.Batches.Select(b => b.Select(o => o.PartitionKey).Distinct()));
        Assert.Equal(2, table.Batches[0].Count);
        Assert.Null(await table.GetAsync("other", "lagging"));
    }

    [Fact]
    public async Task The_latest_write_to_a_row_replaces_one_that_has_not_gone_out()
    {
        var (writer, table) = await CreateAsync();

        writer.Enqueue(Upsert("p", "a", 1));
        writer.Enqueue(Upsert("p", "a", 2));
        await writer.FlushAsync();

        Assert.Equal(2, (await table.GetAsync("p", "a"))!.Get<int>("Value"));
        Assert.Equal([1], table.Batches.Select(b => b.Count));
    }

    [Fact]
    public async Task More_than_a_hundred_waiting_writes_go_out_in_batches_of_a_hundred()
    {
        var (writer, table) = await CreateAsync();
        table.Hold();

        var first = writer.WriteAsync(Upsert("p", "first"));
        await table.WaitUntilHeldAsync();
        var others = Enumerable.Range(0, 250).Select(i => writer.WriteAsync(Upsert("p", $"r{i:D3}"))).ToList();
        table.Release();
        await Task.WhenAll([first, .. others]);

        Assert.Equal([1, 100, 100, 50], table.Batches.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"r{i:D3}"), table.Batches[1].Select(o => o.RowKey));
    }

    [Fact]
    public async Task A_lagging_write_does_not_replace_a_waiting_write_that_must_be_stored()
    {
        var (writer, table) = await CreateAsync();
        table.Hold();

        var first = writer.WriteAsync(Upsert("p", "first"));
        await table.WaitUntilHeldAsync();
        var listed = writer.WriteAsync(Upsert("p", "run"));
        writer.Enqueue(TableOperation.Delete("p", "run", TableOperation.AnyETag));
        table.Release();
        await Task.WhenAll(first, listed);
        await writer.FlushAsync();

        Assert.NotNull(await table.GetAsync("p", "run"));
    }

    [Fact]
    public async Task A_flush_waits_for_what_was_waiting_when_it_was_called_not_for_writes_that_keep_coming()
    {
        var (writer, table) = await CreateAsync();
        table.Slow(TimeSpan.FromMilliseconds(20));
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                _ = writer.WriteAsync(Upsert("p", $"r{i}"));
                await Task.Delay(2);
            }
        });
        await Task.Delay(100);

        writer.Enqueue(Upsert("p", "before-flush"));
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var stored = await table.GetAsync("p", "before-flush");
        await stop.CancelAsync();
        await producer;

        Assert.NotNull(stored);
    }

    [Fact]
    public async Task A_refused_row_fails_only_its_own_writer_and_the_rest_are_stored()
    {
        var (writer, table) = await CreateAsync();
        await table.ExecuteAsync(Upsert("p", "taken"));
        table.Hold();

        var first = writer.WriteAsync(Upsert("p", "first"));
        await table.WaitUntilHeldAsync();
        var before = writer.WriteAsync(Upsert("p", "before"));
        var refused = writer.WriteAsync(TableOperation.Insert(new TableRow("p", "taken", new Dictionary<string, object>())));
        var after = writer.WriteAsync(Upsert("p", "after"));
        table.Release();
        await Task.WhenAll(first, before, after);
        var conflict = await Assert.ThrowsAsync<TableConflict>(() => refused);

        Assert.Equal(TableConflictReason.AlreadyExists, conflict.Reason);
        Assert.NotNull(await table.GetAsync("p", "before"));
        Assert.NotNull(await table.GetAsync("p", "after"));
    }

    [Fact]
    public async Task A_lagging_write_the_store_refuses_does_not_stop_the_others()
    {
        var (writer, table) = await CreateAsync();

        writer.Enqueue(TableOperation.Delete("p", "never-written", TableOperation.AnyETag));
        writer.Enqueue(Upsert("p", "kept"));
        await writer.FlushAsync();

        Assert.NotNull(await table.GetAsync("p", "kept"));
    }

    [Fact]
    public async Task Disposing_stores_what_is_still_waiting()
    {
        var (writer, table) = await CreateAsync();

        writer.Enqueue(Upsert("p", "a"));
        await writer.DisposeAsync();

        Assert.NotNull(await table.GetAsync("p", "a"));
    }

    /// <summary>The in-memory table, recording each batch and able to hold one in flight.</summary>
    private sealed class GatedTableStore(ITableStore inner) : ITableStore
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _holdNext;
        private TimeSpan _delay;

        public List<IReadOnlyList<TableOperation>> Batches { get; } = [];

        public string Name => inner.Name;

        public void Hold() => _holdNext = true;

        public void Slow(TimeSpan delay) => _delay = delay;

        public Task WaitUntilHeldAsync() => _held.Task.WaitAsync(TimeSpan.FromSeconds(10));

        public void Release() => _released.TrySetResult();

        public ValueTask<TableRow?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) => inner.GetAsync(partitionKey, rowKey, cancellationToken);

        public ValueTask<TablePage> QueryAsync(TableQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

        public ValueTask<string?> ExecuteAsync(TableOperation operation, CancellationToken cancellationToken = default) => inner.ExecuteAsync(operation, cancellationToken);

        public async ValueTask<IReadOnlyList<string?>> ExecuteBatchAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default)
        {
            lock (Batches)
            {
                Batches.Add(operations);
            }

            if (_delay > TimeSpan.Zero)
            {
                await Task.Delay(_delay, cancellationToken);
            }

            if (_holdNext)
            {
                _holdNext = false;
                _held.TrySetResult();
                await _released.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            }

            return await inner.ExecuteBatchAsync(operations, cancellationToken);
        }
    }
}
