using Loom.Silo.Reminders;
using Loom.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Loom.IntegrationTests.Reminders;

/// <summary>
/// What Orleans' reminder service needs from <see cref="TableReminderTable"/> (the ground of Orleans'
/// ReminderTableTestsBase and more), run on each storage adapter by a subclass that says how to
/// open its tables. Each test works on a service id of its own.
/// </summary>
public abstract class ReminderTableContract : IAsyncLifetime
{
    private const string TableName = "LoomReminderTests";

    // Bucket edges: a service's reminders are spread over 16 partitions by the top four bits of the hash.
    private static readonly uint[] Edges = [0, 1, 0x0FFFFFFF, 0x10000000, 0x7FFFFFFF, 0x80000000, 0xEFFFFFFF, 0xF0000000, uint.MaxValue - 1, uint.MaxValue];

    /// <summary>The adapter's factory; a subclass may return the same one every time.</summary>
    protected abstract ITableStoreFactory Factory { get; }

    private string ServiceId { get; } = $"service-{Guid.NewGuid():N}/with#odd?chars\\";

    private TableReminderTable Table { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Table = NewTable(ServiceId);
        await Table.StartAsync();
    }

    public Task DisposeAsync() => Table.TestOnlyClearTable();

    [Fact]
    public async Task A_reminder_round_trips_and_is_removed_only_with_its_current_etag()
    {
        var reminder = NewReminder(NewGrain(), "foo/bar\\#b_a_z?|~");
        var firstETag = await Table.UpsertRow(reminder);

        var read = await Table.ReadRow(reminder.GrainId, reminder.ReminderName);
        Assert.NotNull(read);
        Assert.Equal((reminder.GrainId, reminder.ReminderName, reminder.StartAt, reminder.Period, firstETag), (read.GrainId, read.ReminderName, read.StartAt, read.Period, read.ETag));

        reminder.StartAt = reminder.StartAt.AddMinutes(1);
        var secondETag = await Table.UpsertRow(reminder);
        Assert.NotNull(secondETag);
        Assert.NotEqual(firstETag, secondETag);
        Assert.Equal(reminder.StartAt, (await Table.ReadRow(reminder.GrainId, reminder.ReminderName))!.StartAt);

        Assert.False(await Table.RemoveRow(reminder.GrainId, reminder.ReminderName, firstETag!), "the etag is stale");
        Assert.False(await Table.RemoveRow(reminder.GrainId, "bla", secondETag), "no reminder has that name");
        Assert.True(await Table.RemoveRow(reminder.GrainId, reminder.ReminderName, secondETag));
        Assert.False(await Table.RemoveRow(reminder.GrainId, reminder.ReminderName, secondETag), "it is gone");
        Assert.Null(await Table.ReadRow(reminder.GrainId, reminder.ReminderName));
    }

    [Fact]
    public async Task A_missing_reminder_reads_as_null()
    {
        Assert.Null(await Table.ReadRow(NewGrain(), "never"));
    }

    [Fact]
    public async Task Concurrent_upserts_of_one_reminder_each_get_their_own_etag()
    {
        var upserts = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
        {
            var grain = NewGrain();
            return Task.WhenAll(Enumerable.Range(1, 5).Select(j =>
            {
                var reminder = NewReminder(grain, $"r{i}");
                reminder.StartAt = reminder.StartAt.AddMilliseconds(j);
                return Task.Run(() => Table.UpsertRow(reminder));
            }));
        }));

        Assert.All(upserts, eTags => Assert.Equal(5, eTags.Distinct().Count()));
    }

    [Fact]
    public async Task A_grain_s_reminders_are_read_together_and_no_other_grain_s()
    {
        var grain = NewGrain();
        var others = Enumerable.Range(0, 20).Select(_ => NewGrain()).ToList();
        foreach (var name in new[] { "a", "b", "a|b", "c/d" })
        {
            await Table.UpsertRow(NewReminder(grain, name));
        }

        foreach (var other in others)
        {
            await Table.UpsertRow(NewReminder(other, "a"));
        }

        var read = await Table.ReadRows(grain);

        Assert.Equal(["a", "a|b", "b", "c/d"], read.Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(read.Reminders, r => Assert.Equal(grain, r.GrainId));
        Assert.All(read.Reminders, r => Assert.NotNull(r.ETag));
        Assert.Empty((await Table.ReadRows(NewGrain())).Reminders);
    }

    [Fact]
    public async Task Hash_ranges_return_exactly_the_reminders_whose_grain_hash_lies_in_them()
    {
        var hashes = new List<uint>();
        foreach (var grain in Enumerable.Range(0, 400).Select(_ => NewGrain()))
        {
            await Table.UpsertRow(NewReminder(grain, "r"));
            hashes.Add(grain.GetUniformHashCode());
        }

        var ranges = Edges.SelectMany(begin => Edges.Select(end => (begin, end)))
            .Concat(Enumerable.Range(0, 60).Select(_ => ((uint)Random.Shared.NextInt64(0, 1L << 32), (uint)Random.Shared.NextInt64(0, 1L << 32))))
            .Concat(hashes.Take(10).Select(hash => (hash - 1, hash)))
            .Concat(hashes.Skip(10).Take(10).Select(hash => (hash, hash + 1)));
        foreach (var (begin, end) in ranges)
        {
            var expected = hashes.Where(hash => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end).Order();

            var read = await Table.ReadRows(begin, end);

            Assert.Equal(expected, read.Reminders.Select(r => r.GrainId.GetUniformHashCode()).Order());
        }
    }

    [Theory]
    [InlineData(0u, 0u)]
    [InlineData(0u, uint.MaxValue)]
    [InlineData(12345u, 12345u)]
    [InlineData(uint.MaxValue, uint.MaxValue)]
    public async Task The_full_ring_returns_every_reminder_once(uint begin, uint end)
    {
        var reminders = Enumerable.Range(0, 100).Select(i => NewReminder(NewGrain(), $"r{i}")).ToList();
        foreach (var reminder in reminders)
        {
            await Table.UpsertRow(reminder);
        }

        var read = await Table.ReadRows(begin, end);

        var expected = reminders.Where(r => begin != 0 || end != uint.MaxValue || r.GrainId.GetUniformHashCode() != 0);
        Assert.Equal(expected.Select(Key).Order(StringComparer.Ordinal), read.Reminders.Select(Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Services_sharing_a_table_see_and_clear_only_their_own_reminders()
    {
        var other = NewTable($"{ServiceId}-other");
        await other.StartAsync();
        var grain = NewGrain();
        await Table.UpsertRow(NewReminder(grain, "mine"));
        await other.UpsertRow(NewReminder(grain, "theirs"));

        Assert.Equal(["mine"], (await Table.ReadRows(grain)).Reminders.Select(r => r.ReminderName));
        await other.TestOnlyClearTable();

        Assert.Empty((await other.ReadRows(0, 0)).Reminders);
        Assert.Equal(["mine"], (await Table.ReadRows(0, 0)).Reminders.Select(r => r.ReminderName));
    }

    [Fact]
    public async Task Clearing_removes_every_reminder_of_the_service_across_its_partitions()
    {
        for (var i = 0; i < 150; i++)
        {
            await Table.UpsertRow(NewReminder(NewGrain(), "r"));
        }

        await Table.TestOnlyClearTable();

        Assert.Empty((await Table.ReadRows(0, 0)).Reminders);
    }

    private TableReminderTable NewTable(string serviceId) => new(
        Factory,
        Options.Create(new TableReminderOptions { TableName = TableName }),
        Options.Create(new ClusterOptions { ClusterId = "reminder-tests", ServiceId = serviceId }),
        NullLogger<TableReminderTable>.Instance);

    private static string Key(ReminderEntry reminder) => $"{reminder.GrainId}|{reminder.ReminderName}";

    private static GrainId NewGrain() => GrainId.Create("my-remindable-grain", $"{Guid.NewGuid():N}/foo/bar\\#baz?");

    private static ReminderEntry NewReminder(GrainId grain, string name) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = DateTime.UnixEpoch.AddSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
        Period = TimeSpan.FromMinutes(1),
    };
}
