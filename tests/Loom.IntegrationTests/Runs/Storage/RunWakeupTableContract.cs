using Loom.Runs.Storage;
using Loom.Storage;

namespace Loom.IntegrationTests.Runs.Storage;

/// <summary>
/// What the unfinished-runs list owes the wake-up sweep, on each table adapter: listings kept per
/// bucket, removals that tolerate a run no longer listed, and run ids that need encoding.
/// </summary>
public abstract class RunWakeupTableContract
{
    private static int s_tables;
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The adapter under test.</summary>
    protected abstract ITableStoreFactory Factory { get; }

    private ValueTask<RunWakeupTable> OpenAsync() => RunWakeupTable.OpenAsync(Factory, $"wk{Environment.ProcessId}x{Interlocked.Increment(ref s_tables)}");

    [Fact]
    public async Task Listed_runs_read_back_by_bucket_and_removed_runs_do_not()
    {
        var table = await OpenAsync();

        await table.ApplyAsync(3, ["run-a", "run/b", "run|c"], [], Now);
        await table.ApplyAsync(4, ["run-d"], [], Now);
        await table.ApplyAsync(3, [], ["run-a"], Now);

        Assert.Equal(["run/b", "run|c"], (await table.ReadAsync(3)).Order(StringComparer.Ordinal));
        Assert.Equal(["run-d"], await table.ReadAsync(4));
        Assert.Empty(await table.ReadAsync(5));
    }

    [Fact]
    public async Task Removing_runs_that_are_not_listed_still_writes_the_rest_of_the_batch()
    {
        var table = await OpenAsync();
        await table.ApplyAsync(0, ["listed"], [], Now);

        await table.ApplyAsync(0, ["new-1", "new-2"], ["gone-1", "listed", "gone-2"], Now);

        Assert.Equal(["new-1", "new-2"], (await table.ReadAsync(0)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Listing_a_run_twice_keeps_one_row()
    {
        var table = await OpenAsync();

        await table.ApplyAsync(1, ["twice"], [], Now);
        await table.ApplyAsync(1, ["twice"], [], Now.AddMinutes(1));

        Assert.Equal(["twice"], await table.ReadAsync(1));
    }

    [Fact]
    public async Task A_hundred_runs_are_listed_in_one_call()
    {
        var table = await OpenAsync();
        var runs = Enumerable.Range(0, 100).Select(i => $"run-{i:D3}").ToList();

        await table.ApplyAsync(2, runs, [], Now);

        Assert.Equal(runs, (await table.ReadAsync(2)).Order(StringComparer.Ordinal));
    }
}
