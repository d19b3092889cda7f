using System.Text;
using Loom.Errors;
using Loom.Runs.Storage;
using Loom.Storage;

namespace Loom.IntegrationTests.Runs.Storage;

/// <summary>
/// What the run event store owes the run engine, on each table adapter: contiguous sequences from 1,
/// all-or-nothing appends that a second writer can never overtake, ordered reads past a page, a
/// one-row head, large events split across properties or refused, and run ids that need encoding.
/// </summary>
public abstract class RunEventStoreContract
{
    private static int s_tables;

    /// <summary>The adapter under test.</summary>
    protected abstract ITableStoreFactory Factory { get; }

    private async Task<(RunEventStore Store, ITableStore Table)> OpenAsync()
    {
        var options = new RunStorageOptions { EventTableName = $"ev{Environment.ProcessId}x{Interlocked.Increment(ref s_tables)}" };
        var store = await RunEventStore.OpenAsync(Factory, options);
        return (store, await Factory.OpenAsync(options.EventTableName));
    }

    private static NewRunEvent Event(string type, string body) => new(type, Encoding.UTF8.GetBytes(body));

    private static async Task<List<StoredRunEvent>> ReadAllAsync(RunEventStore store, string runId, long from = 1) => await store.ReadAsync(runId, from).ToListAsync();

    [Fact]
    public async Task Appended_events_read_back_with_their_sequence_type_and_bytes()
    {
        var (store, _) = await OpenAsync();

        var appended = await store.AppendAsync("run-1", 1, [Event("RunStarted", "{\"op\":\"x\"}"), Event("StateEntered", "{\"state\":\"a\"}")]);
        var read = await ReadAllAsync(store, "run-1");

        Assert.Equal([1L, 2L], appended.Select(e => e.Sequence));
        Assert.Equal(appended.Select(e => (e.Sequence, e.Type, Encoding.UTF8.GetString(e.Data.Span))), read.Select(e => (e.Sequence, e.Type, Encoding.UTF8.GetString(e.Data.Span))));
        Assert.Equal("{\"state\":\"a\"}", Encoding.UTF8.GetString(read[1].Data.Span));
        Assert.All(read, e => Assert.Equal(appended[0].RecordedAt, e.RecordedAt, TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public async Task Sequences_are_contiguous_from_one_across_appends_and_the_head_follows()
    {
        var (store, _) = await OpenAsync();

        Assert.Equal(0, await store.HeadAsync("run"));
        await store.AppendAsync("run", 1, [Event("A", "1")]);
        Assert.Equal(1, await store.HeadAsync("run"));
        await store.AppendAsync("run", 2, [Event("B", "2"), Event("C", "3"), Event("D", "4")]);
        await store.AppendAsync("run", 5, [Event("E", "5")]);

        Assert.Equal(5, await store.HeadAsync("run"));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await ReadAllAsync(store, "run")).Select(e => e.Sequence));
        Assert.Equal(["A", "B", "C", "D", "E"], (await ReadAllAsync(store, "run")).Select(e => e.Type));
    }

    [Fact]
    public async Task An_empty_run_has_head_zero_and_no_events()
    {
        var (store, _) = await OpenAsync();

        Assert.Equal(0, await store.HeadAsync("nobody"));
        Assert.Empty(await ReadAllAsync(store, "nobody"));
    }

    [Fact]
    public async Task Appending_at_a_taken_sequence_writes_nothing_and_names_the_sequence()
    {
        var (store, table) = await OpenAsync();
        await store.AppendAsync("run", 1, [Event("A", "1"), Event("B", "2"), Event("C", "3")]);

        var conflict = await Assert.ThrowsAsync<RunEventConflict>(() => store.AppendAsync("run", 3, [Event("X", "x"), Event("Y", "y")]).AsTask());

        Assert.Equal("event_sequence_taken", conflict.Code);
        Assert.Equal("run", conflict.RunId);
        Assert.Equal(3, conflict.Sequence);
        Assert.Contains("sequence 3", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(["A", "B", "C"], (await ReadAllAsync(store, "run")).Select(e => e.Type));
        Assert.Equal(3, await store.HeadAsync("run"));
        Assert.Null(await table.GetAsync("run", "0000000000000000004"));
    }

    [Fact]
    public async Task Appending_at_one_to_a_run_that_has_events_is_a_conflict_at_one()
    {
        var (store, _) = await OpenAsync();
        await store.AppendAsync("run", 1, [Event("A", "1")]);

        var conflict = await Assert.ThrowsAsync<RunEventConflict>(() => store.AppendAsync("run", 1, [Event("B", "2")]).AsTask());

        Assert.Equal(1, conflict.Sequence);
        Assert.Equal(["A"], (await ReadAllAsync(store, "run")).Select(e => e.Type));
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(0, 7)]
    [InlineData(2, 4)]
    public async Task An_append_that_would_leave_a_gap_writes_nothing(int existing, long at)
    {
        var (store, _) = await OpenAsync();
        if (existing > 0)
        {
            await store.AppendAsync("run", 1, Enumerable.Range(0, existing).Select(i => Event("A", $"{i}")).ToList());
        }

        var gap = await Assert.ThrowsAsync<RunEventSequenceGap>(() => store.AppendAsync("run", at, [Event("X", "x")]).AsTask());

        Assert.Equal("event_sequence_gap", gap.Code);
        Assert.Equal(at, gap.ExpectedSequence);
        Assert.Equal(existing, gap.Head);
        Assert.Equal(existing, await store.HeadAsync("run"));
        Assert.Equal(existing, (await ReadAllAsync(store, "run")).Count);
    }

    [Fact]
    public async Task Of_concurrent_appenders_at_the_same_sequence_exactly_one_wins()
    {
        var (store, _) = await OpenAsync();
        await store.AppendAsync("run", 1, [Event("RunStarted", "")]);

        const int Writers = 8;
        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await store.AppendAsync("run", 2, [Event("StateEntered", $"w{writer}"), Event("StateCompleted", $"w{writer}")]);
                return (Writer: writer, Error: (LoomError?)null);
            }
            catch (RunEventConflict conflict)
            {
                return (Writer: writer, Error: (LoomError?)conflict);
            }
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(attempts);

        var winner = Assert.Single(outcomes, o => o.Error is null);
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.Equal(2, ((RunEventConflict)o.Error!).Sequence));
        var events = await ReadAllAsync(store, "run");
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
        Assert.All(events.Skip(1), e => Assert.Equal($"w{winner.Writer}", Encoding.UTF8.GetString(e.Data.Span)));
        Assert.Equal(3, await store.HeadAsync("run"));
    }

    [Fact]
    public async Task Reading_from_the_middle_starts_at_that_sequence()
    {
        var (store, _) = await OpenAsync();
        await store.AppendAsync("run", 1, Enumerable.Range(1, 10).Select(i => Event($"E{i}", $"{i}")).ToList());

        var events = await ReadAllAsync(store, "run", 7);

        Assert.Equal([7L, 8L, 9L, 10L], events.Select(e => e.Sequence));
        Assert.Equal(["E7", "E8", "E9", "E10"], events.Select(e => e.Type));
        Assert.Empty(await ReadAllAsync(store, "run", 11));
    }

    [Fact]
    public async Task More_than_a_page_of_events_reads_back_in_order()
    {
        var (store, _) = await OpenAsync();
        const int Count = 1234;
        for (long next = 1; next <= Count; next += RunEventStore.MaxEventsPerAppend)
        {
            var size = (int)Math.Min(RunEventStore.MaxEventsPerAppend, Count - next + 1);
            await store.AppendAsync("long run", next, Enumerable.Range((int)next, size).Select(i => Event("E", $"{i}")).ToList());
        }

        var events = await ReadAllAsync(store, "long run");

        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(1, Count).Select(i => $"{i}"), events.Select(e => Encoding.UTF8.GetString(e.Data.Span)));
        Assert.Equal(Count, await store.HeadAsync("long run"));
    }

    [Fact]
    public async Task An_event_larger_than_a_property_is_split_across_properties_and_joined_on_read()
    {
        var (store, table) = await OpenAsync();
        var data = new byte[900 * 1024];
        new Random(7).NextBytes(data);

        await store.AppendAsync("run", 1, [new NewRunEvent("Big", data), Event("Small", "s")]);

        var events = await ReadAllAsync(store, "run");
        Assert.Equal(data, events[0].Data.ToArray());
        Assert.Equal("s", Encoding.UTF8.GetString(events[1].Data.Span));
        var row = await table.GetAsync("run", "0000000000000000001");
        Assert.Equal(15, row!.Properties.Keys.Count(k => k.StartsWith('D')));
    }

    [Fact]
    public async Task An_event_larger_than_a_row_is_refused_naming_the_run_and_sequence_and_nothing_is_written()
    {
        var (store, _) = await OpenAsync();
        await store.AppendAsync("run", 1, [Event("A", "1")]);

        var refused = await Assert.ThrowsAsync<RunEventTooLarge>(() => store.AppendAsync("run", 2, [Event("B", "2"), new NewRunEvent("Huge", new byte[TableRules.MaxEntityBytes])]).AsTask());

        Assert.Equal("event_too_large", refused.Code);
        Assert.Equal("run", refused.RunId);
        Assert.Equal(3, refused.Sequence);
        Assert.True(refused.Bytes > refused.MaxBytes);
        Assert.Equal(1, await store.HeadAsync("run"));
    }

    [Fact]
    public async Task An_append_beyond_one_batch_is_refused_whole()
    {
        var (store, _) = await OpenAsync();

        var tooMany = await Assert.ThrowsAsync<RunAppendTooLarge>(() => store.AppendAsync("run", 1, Enumerable.Range(0, RunEventStore.MaxEventsPerAppend + 1).Select(i => Event("E", "e")).ToList()).AsTask());
        var tooBig = await Assert.ThrowsAsync<RunAppendTooLarge>(() => store.AppendAsync("run", 1, Enumerable.Range(0, 3).Select(i => new NewRunEvent("E", new byte[1000 * 1024])).ToList()).AsTask());

        Assert.Equal("event_append_too_large", tooMany.Code);
        Assert.Contains($"{RunEventStore.MaxEventsPerAppend + 1} events", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains($"{RunEventStore.MaxAppendBytes}", tooBig.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.HeadAsync("run"));
    }

    [Theory]
    [InlineData("a/b|c")]
    [InlineData("h0000000000000000001")]
    [InlineData("~7C#?%'\\ Кириллица")]
    public async Task Run_ids_needing_encoding_keep_their_own_streams(string runId)
    {
        var (store, table) = await OpenAsync();

        await store.AppendAsync(runId, 1, [Event("A", runId)]);
        await store.AppendAsync("a", 1, [Event("Other", "o"), Event("Other", "o")]);

        var events = await ReadAllAsync(store, runId);
        Assert.Equal(runId, Encoding.UTF8.GetString(Assert.Single(events).Data.Span));
        Assert.Equal(1, await store.HeadAsync(runId));
        Assert.NotNull(await table.GetAsync(TableKeyEncoding.Encode(runId), "0000000000000000001"));
    }

    [Fact]
    public async Task An_empty_payload_round_trips()
    {
        var (store, _) = await OpenAsync();

        await store.AppendAsync("run", 1, [new NewRunEvent("Empty", ReadOnlyMemory<byte>.Empty)]);

        Assert.True(Assert.Single(await ReadAllAsync(store, "run")).Data.IsEmpty);
    }
}
