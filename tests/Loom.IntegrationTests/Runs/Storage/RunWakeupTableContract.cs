using Loom.Runs.Storage;
using Loom.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loom.IntegrationTests.Runs.Storage;

/// <summary>
/// What the unfinished-runs list owes the wake-up sweep, on each table adapter: listings kept per
/// bucket and stored before they are acknowledged, drops that tolerate a run no longer listed, and
/// run ids that need encoding.
/// </summary>
public abstract class RunWakeupTableContract
{
    private static int s_tables;

    /// <summary>The adapter under test.</summary>
    protected abstract ITableStoreFactory Factory { get; }

    private ValueTask<RunWakeupTable> OpenAsync() =>
        RunWakeupTable.OpenAsync(Factory, TimeProvider.System, NullLogger.Instance, $"wk{Environment.ProcessId}x{Interlocked.Increment(ref s_tables)}");

    [Fact]
    public async Task A_listing_is_stored_when_acknowledged_and_read_back_by_bucket()
    {
        await using var table = await OpenAsync();

        await Task.WhenAll(table.WatchAsync(3, "run-a"), table.WatchAsync(3, "run/b"), table.WatchAsync(3, "run|c"), table.WatchAsync(4, "run-d"));

        Assert.Equal(["run-a", "run/b", "run|c"], (await table.ReadAsync(3)).Select(l => l.RunId).Order(StringComparer.Ordinal));
        Assert.Equal(["run-d"], (await table.ReadAsync(4)).Select(l => l.RunId));
        Assert.Empty(await table.ReadAsync(5));
    }

    [Fact]
    public async Task Dropped_runs_are_gone_once_flushed_and_dropping_an_unlisted_run_spoils_nothing()
    {
        await using var table = await OpenAsync();
        await table.WatchAsync(0, "listed");

        table.Forget(0, "gone-1");
        table.Forget(0, "listed");
        table.Forget(0, "gone-2");
        var listings = Task.WhenAll(table.WatchAsync(0, "new-1"), table.WatchAsync(0, "new-2"));
        await listings;
        await table.FlushAsync();

        Assert.Equal(["new-1", "new-2"], (await table.ReadAsync(0)).Select(l => l.RunId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Listing_a_run_twice_keeps_one_row()
    {
        await using var table = await OpenAsync();

        await table.WatchAsync(1, "twice");
        await table.WatchAsync(1, "twice");

        Assert.Equal(["twice"], (await table.ReadAsync(1)).Select(l => l.RunId));
    }

    [Fact]
    public async Task Hundreds_of_runs_listed_at_once_are_all_stored()
    {
        await using var table = await OpenAsync();
        var runs = Enumerable.Range(0, 250).Select(i => $"run-{i:D3}").ToList();

        await Task.WhenAll(runs.Select(run => table.WatchAsync(2, run)));

        Assert.Equal(runs, (await table.ReadAsync(2)).Select(l => l.RunId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_drop_made_with_the_etag_read_before_the_run_was_listed_again_keeps_the_listing()
    {
        await using var table = await OpenAsync();
        await table.WatchAsync(6, "restarted");
        var read = Assert.Single(await table.ReadAsync(6));

        await table.WatchAsync(6, "restarted");
        table.Forget(6, read.RunId, read.ETag);
        await table.FlushAsync();

        Assert.Equal(["restarted"], (await table.ReadAsync(6)).Select(l => l.RunId));
    }

    [Fact]
    public async Task A_drop_made_with_the_current_etag_removes_the_listing()
    {
        await using var table = await OpenAsync();
        await table.WatchAsync(7, "ended");
        var read = Assert.Single(await table.ReadAsync(7));

        table.Forget(7, read.RunId, read.ETag);
        await table.FlushAsync();

        Assert.Empty(await table.ReadAsync(7));
    }
}
