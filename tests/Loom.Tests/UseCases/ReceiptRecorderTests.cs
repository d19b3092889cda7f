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

        var (recording, written) = await _recorder.RecordAsync(state, new AnchorMemory(), Anchor, Receipt("k1"), Write(new Widget("w1", "a", 1)));

        Assert.Equal(new ReceiptRecording(null, null), recording);
        Assert.Equal(1L, written);
        Assert.Equal(["k1"], state.Value.Receipts!.Kept.Select(r => r.Key));
        Assert.Equal(new Widget("w1", "a", 1), state.Value.Value);
    }

    [Fact]
    public async Task Answers_with_the_receipt_kept_under_the_key_and_writes_nothing()
    {
        var first = Receipt("k1");
        var state = new StateUnderLock(new EntityState<Widget> { Receipts = new AnchoredReceipts { Kept = [first] } });

        var (recording, written) = await _recorder.RecordAsync(state, new AnchorMemory(), Anchor, Receipt("k1", "again"), Write(new Widget("w1", "a", 9)));

        Assert.Same(first, recording.Recorded);
        Assert.Equal(0L, written);
        Assert.Null(state.Value.Value);
    }

    [Fact]
    public async Task Drops_receipts_whose_retention_has_passed_so_their_keys_record_anew()
    {
        var state = new StateUnderLock(new EntityState<Widget> { Receipts = new AnchoredReceipts { Kept = [Receipt("k1")] } });
        _time.Advance(Retention);

        var (recording, _) = await _recorder.RecordAsync(state, new AnchorMemory(), Anchor, Receipt("k1", "anew"), Write(new Widget("w1", "a", 1)));

        Assert.Null(recording.Recorded);
        Assert.Equal(["anew"], state.Value.Receipts!.Kept.Select(r => Text(r.Result)));
    }

    [Fact]
    public async Task A_full_anchor_sets_its_oldest_half_aside_and_still_answers_from_it_until_its_rows_are_reported_written()
    {
        var (kept, memory, state) = FullAnchor();

        var (handed, _) = await _recorder.RecordAsync(state, memory, Anchor, Receipt("new"), Write(new Widget("w1", "a", 1)));
        var (fromBatch, _) = await _recorder.RecordAsync(state, memory, Anchor, Receipt("k0", "again"), Write(new Widget("w1", "a", 2)));
        var (notAgain, _) = await _recorder.RecordAsync(state, memory, Anchor, Receipt("other"), Write(new Widget("w1", "a", 3)));
        var stillSetAside = state.Value.Receipts!.Moving;

        Assert.Equal(kept.Take((ReceiptRecorder.MaxKept / 2) + 1), handed.ToMove!.Receipts);
        Assert.Equal(Anchor, handed.ToMove.Anchor);
        Assert.Same(kept[0], fromBatch.Recorded);
        Assert.Null(notAgain.ToMove);
        Assert.Same(handed.ToMove, stillSetAside);
        Assert.Null(state.Value.Receipts.EvictedUpTo);
    }

    [Fact]
    public async Task A_batch_reported_written_is_let_go_and_its_receipts_are_then_found_in_the_table()
    {
        var (kept, memory, state) = FullAnchor();
        var (handed, _) = await _recorder.RecordAsync(state, memory, Anchor, Receipt("new"), Write(new Widget("w1", "a", 1)));
        await _evicted.StoreAsync(handed.ToMove!.Anchor, handed.ToMove.Receipts);
        memory.ReportWritten(handed.ToMove.Id);

        await _recorder.RecordAsync(state, memory, Anchor, Receipt("next"), Write(new Widget("w1", "a", 2)));
        var (fromTable, _) = await _recorder.RecordAsync(state, memory, Anchor, Receipt("k0", "again"), Write(new Widget("w1", "a", 3)));
        var found = await _recorder.FindAsync(state, Anchor, "k1");

        Assert.Null(state.Value.Receipts!.Moving);
        Assert.Equal(kept[ReceiptRecorder.MaxKept / 2].RecordedAt, state.Value.Receipts.EvictedUpTo);
        Assert.Equal(("k0", "first"), (fromTable.Recorded!.Key, Text(fromTable.Recorded.Result)));
        Assert.Equal(("k1", "first"), (found!.Key, Text(found.Result)));
        Assert.Equal(new Widget("w1", "a", 2), state.Value.Value);
    }

    [Fact]
    public async Task A_table_read_begun_before_a_batch_was_reported_written_is_not_trusted_once_the_batch_is_let_go()
    {
        // The call reads the table before it has the lock; meanwhile the batch holding the receipt it looks
        // for is written out and reported, and the call's own update lets it go: its first read cannot have
        // seen the rows.
        var sought = Receipt("k1");
        var batch = new ReceiptBatch(Guid.NewGuid(), Anchor, [sought]);
        var memory = new AnchorMemory();
        var state = new StateUnderLock(
            new EntityState<Widget> { Receipts = new AnchoredReceipts { Moving = batch, EvictedUpTo = sought.RecordedAt } },
            beforeFirstUpdate: async () =>
            {
                await _evicted.StoreAsync(Anchor, batch.Receipts);
                memory.ReportWritten(batch.Id);
            });

        var (recording, _) = await _recorder.RecordAsync(state, memory, Anchor, Receipt("k1", "again"), Write(new Widget("w1", "a", 1)));

        Assert.Equal(("k1", "first"), (recording.Recorded!.Key, Text(recording.Recorded.Result)));
        Assert.Null(state.Value.Value);
    }

    [Fact]
    public async Task Receipts_added_while_a_batch_moved_go_with_the_next_batch()
    {
        var kept = Enumerable.Range(0, ReceiptRecorder.MaxKept + 5).Select(i => Receipt($"k{i}")).ToList();
        var state = new StateUnderLock(new EntityState<Widget> { Receipts = new AnchoredReceipts { Kept = kept.ToList() } });

        var (recording, _) = await _recorder.RecordAsync(state, new AnchorMemory(), Anchor, Receipt("new"), Write(new Widget("w1", "a", 1)));

        Assert.Equal(kept.Take(kept.Count + 1 - (ReceiptRecorder.MaxKept / 2)), recording.ToMove!.Receipts);
        Assert.Equal(ReceiptRecorder.MaxKept / 2, state.Value.Receipts!.Kept.Count);
    }

    /// <summary>An anchor that keeps as many receipts as it may: the next one recorded sets its oldest half aside.</summary>
    private (List<IdempotencyReceipt> Kept, AnchorMemory Memory, StateUnderLock State) FullAnchor()
    {
        var kept = Enumerable.Range(0, ReceiptRecorder.MaxKept).Select(i => Receipt($"k{i}")).ToList();
        return (kept, new AnchorMemory(), new StateUnderLock(new EntityState<Widget> { Receipts = new AnchoredReceipts { Kept = kept.ToList() } }));
    }

    private IdempotencyReceipt Receipt(string key, string result = "first") =>
        new(key, System.Text.Encoding.UTF8.GetBytes(result), null, _time.GetUtcNow(), Fingerprint: 1);

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
