using System.Globalization;
using Loom.Storage;
using Loom.Storage.InMemory;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Loom.Tests.UseCases;

public sealed class IdempotencyExpiriesTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTableStoreFactory _tables = new();
    private readonly IdempotencyExpiries _expiries;

    public IdempotencyExpiriesTests()
    {
        var services = new ServiceCollection().AddSingleton<ITableStoreFactory>(_tables).BuildServiceProvider();
        _expiries = new IdempotencyExpiries(services, Options.Create(new UseCaseOptions { IdempotencyRetention = Retention }), _time, NullLogger<IdempotencyExpiries>.Instance);
    }

    [Fact]
    public async Task A_batch_is_one_note_and_the_sweep_hands_over_each_of_its_rows_once_the_newest_has_expired()
    {
        await _expiries.NoteAsync("Shop.Widget|w1", ["Sell~2Fk1", "Sell~2Fk2", "Sell~2Fk3"], _time.GetUtcNow());
        await _expiries.DisposeAsync();
        var notes = await (await _tables.OpenAsync(IdempotencyExpiries.TableName)).QueryAllAsync(new TableQuery(ExpirySlice)).CountAsync();

        var early = await SweepAsync();
        _time.Advance(Retention + TimeSpan.FromHours(2));
        var due = await SweepAsync();

        Assert.Equal(1, notes);
        Assert.Empty(early);
        Assert.Equal([("Shop.Widget|w1", "Sell~2Fk1"), ("Shop.Widget|w1", "Sell~2Fk2"), ("Shop.Widget|w1", "Sell~2Fk3")], due);
    }

    [Fact]
    public async Task A_note_that_names_its_one_row_in_its_key_is_still_swept()
    {
        var table = await _tables.OpenAsync(IdempotencyExpiries.TableName);
        await table.UpsertAsync(new TableRow(ExpirySlice, TableKeyEncoding.Join("Shop.Widget|w1", "Sell~2Fk9"), new Dictionary<string, object>()));
        _time.Advance(Retention + TimeSpan.FromHours(2));

        Assert.Equal([("Shop.Widget|w1", "Sell~2Fk9")], await SweepAsync());
    }

    [Fact]
    public async Task A_note_of_a_key_recorded_in_a_grain_of_its_own_is_forgotten_and_the_sweep_goes_on()
    {
        // Before receipts lived on anchors, each key was a grain of its own and its note named only the key.
        var table = await _tables.OpenAsync(IdempotencyExpiries.TableName);
        var slice = ExpirySlice;
        await table.UpsertAsync(new TableRow(slice, TableKeyEncoding.Encode("Sell/k0"), new Dictionary<string, object>()));
        await _expiries.NoteAsync("Shop.Widget|w1", ["Sell~2Fk1"], _time.GetUtcNow());
        await _expiries.DisposeAsync();
        _time.Advance(Retention + TimeSpan.FromHours(2));

        Assert.Equal([("Shop.Widget|w1", "Sell~2Fk1")], await SweepAsync());
        Assert.Equal(0, await table.QueryAllAsync(new TableQuery(slice)).CountAsync());
    }

    /// <summary>The partition of what is noted now: the hour, a 24th of the retention, its receipts expire in.</summary>
    private string ExpirySlice => (_time.GetUtcNow() + Retention).UtcDateTime.ToString("yyyyMMddHH0000", CultureInfo.InvariantCulture);

    private async Task<List<(string Partition, string Row)>> SweepAsync()
    {
        var handed = new List<(string, string)>();
        var swept = await _expiries.SweepAsync((partition, row) =>
        {
            handed.Add((partition, row));
            return Task.CompletedTask;
        }, CancellationToken.None);
        Assert.Equal(handed.Count, swept);
        return handed;
    }
}
