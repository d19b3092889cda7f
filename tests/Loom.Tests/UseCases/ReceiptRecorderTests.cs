using Loom.Entities;
using Loom.Storage;
using Loom.Storage.InMemory;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Serialization;
using Orleans.Transactions.Abstractions;

namespace Loom.Tests.UseCases;

public sealed class ReceiptRecorderTests
{
    private const string Anchor = "Shop.Widget|w1";
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private readonly EvictedReceipts _evicted;
    private readonly ReceiptRecorder _recorder;

    public ReceiptRecorderTests()
    {
        var services = new ServiceCollection()
            .AddSerializer()
            .AddSingleton<ITableStoreFactory>(new InMemoryTableStoreFactory())
            .BuildServiceProvider();
        var options = Options.Create(new UseCaseOptions { IdempotencyRetention = Retention });
        var expiries = new IdempotencyExpiries(services, options, _time, NullLogger<IdempotencyExpiries>.Instance);
        _evicted = new EvictedReceipts(services, services.GetRequiredService<Serializer<IdempotencyReceipt>>(), expiries, options, _time, NullLogger<EvictedReceipts>.Instance);
        _recorder = new ReceiptRecorder(_evicted, options, _time);
    }

    [Fact]
    public async Task Records_a_receipt_with_the_write_when_none_is_recorded_under_its_key()
    {
        var state = new StateUnderLock(new EntityState<Widget>());

        var (recorded, written) = await _recorder.RecordAsync(state, new AnchorMemory(), Anchor, Receipt("k1"), Write(new Widget("w1", "a", 1)));

        Assert.Null(recorded);
        Assert.Equal(1L, written);
        Assert.Equal(["k1"], state.Value.Receipts!.Kept.Select(r => r.Key));
        Assert.Equal(new Widget("w1", "a", 1), state.Value.Value);
    }

    [Fact]
    public async Task Answers_with_the_receipt_kept_under_the_key_and_writes_nothing()
    {
        var first = Receipt("k1");
        var state = new StateUnderLock(new EntityState<Widget> { Receipts = new AnchoredReceipts { Kept = [first] } });

        var (recorded, written) = await _recorder.RecordAsync(state, new AnchorMemory(), Anchor, Receipt("k1", "again"), Write(new Widget("w1", "a", 9)));

        Assert.Same(first, recorded);
        Assert.Equal(0L, written);
        Assert.Null(state.Value.Value);
    }

    [Fact]
    public async Task Drops_receipts_whose_retention_has_passed_so_their_keys_record_anew()
    {
        var state = new StateUnderLock(new EntityState<Widget> { Receipts = new AnchoredReceipts { Kept = [Receipt("k1")] } });
        _time.Advance(Retention);

        var (recorded, _) = await _recorder.RecordAsync(state, new AnchorMemory(), Anchor, Receipt("k1", "anew"), Write(new Widget("w1", "a", 1)));

        Assert.Null(recorded);
        Assert.Equal(["anew"], state.Value.Receipts!.Kept.Select(r => Text(r.Result)));
    }

    [Fact]
    public async Task A_full_anchor_moves_its_oldest_half_to_the_table_before_it_records_one_more()
    {
        var kept = Enumerable.Range(0, ReceiptRecorder.MaxKept).Select(i => Receipt($"k{i}")).ToList();
        var state = new StateUnderLock(new EntityState<Widget> { Receipts = new AnchoredReceipts { Kept = kept.ToList() } });

        await _recorder.RecordAsync(state, new AnchorMemory(), Anchor, Receipt("new"), Write(new Widget("w1", "a", 1)));
        var (fromTable, _) = await _recorder.RecordAsync(state, new AnchorMemory(), Anchor, Receipt("k0", "again"), Write(new Widget("w1", "a", 2)));

        Assert.Equal(kept.Skip(ReceiptRecorder.MaxKept / 2).Select(r => r.Key).Append("new"), state.Value.Receipts!.Kept.Select(r => r.Key));
        Assert.Equal(("k0", "first"), (fromTable!.Key, Text(fromTable.Result)));
        Assert.Equal(new Widget("w1", "a", 1), state.Value.Value);
    }

    [Fact]
    public async Task A_receipt_moved_out_while_the_call_waited_for_the_lock_is_still_found()
    {
        // The call reads the table before it has the lock; an eviction on the anchor's own turns then
        // moves the receipt it is looking for out of the state, so that read must not be trusted.
        var moved = Receipt("k1");
        var memory = new AnchorMemory();
        var state = new StateUnderLock(
            new EntityState<Widget> { Receipts = new AnchoredReceipts { EvictedUpTo = _time.GetUtcNow() } },
            beforeFirstUpdate: async () =>
            {
                memory.EvictionsBegun++;
                await _evicted.StoreAsync(Anchor, [moved]);
                memory.EvictionsDone++;
            });

        var (recorded, _) = await _recorder.RecordAsync(state, memory, Anchor, Receipt("k1", "again"), Write(new Widget("w1", "a", 1)));

        Assert.Equal(("k1", "first"), (recorded!.Key, Text(recorded.Result)));
        Assert.Null(state.Value.Value);
    }

    private IdempotencyReceipt Receipt(string key, string result = "first") =>
        new(key, System.Text.Encoding.UTF8.GetBytes(result), null, _time.GetUtcNow());

    private static string Text(byte[]? bytes) => System.Text.Encoding.UTF8.GetString(bytes!);

    private static Func<EntityState<Widget>, long> Write(Widget value) => state =>
    {
        state.Value = value;
        return ++state.Version;
    };

    /// <summary>One transaction's view of an anchor's state: each access runs at once, as under a held lock.</summary>
    private sealed class StateUnderLock(EntityState<Widget> value, Func<Task>? beforeFirstUpdate = null) : ITransactionalState<EntityState<Widget>>
    {
        private int _updates;

        public EntityState<Widget> Value { get; } = value;

        public Task<TResult> PerformRead<TResult>(Func<EntityState<Widget>, TResult> readFunction) => Task.FromResult(readFunction(Value));

        public async Task<TResult> PerformUpdate<TResult>(Func<EntityState<Widget>, TResult> updateFunction)
        {
            if (_updates++ == 0 && beforeFirstUpdate is not null)
            {
                await beforeFirstUpdate();
            }

            return updateFunction(Value);
        }
    }
}
