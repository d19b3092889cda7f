using Loom.Runs;
using Loom.Runs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Loom.IntegrationTests.Runs;

/// <summary>
/// The unfinished-runs list and its sweep, in a real cluster: a run is listed while it is unfinished
/// and dropped once it ends; a sweep resumes a stopped run nobody calls, and drops listings of runs
/// that ended or never started.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RunWakeupTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private int Buckets => fixture.SiloServices.GetRequiredService<IOptions<RunOptions>>().Value.WakeupBuckets;

    private IRunWakeupGrain Wakeups(string runId) => fixture.Client.GetGrain<IRunWakeupGrain>(RunWakeups.BucketOf(runId, Buckets));

    private Task<RunWakeupTable> TableAsync() => fixture.SiloServices.GetRequiredService<RunStores>().Wakeups;

    private async Task<bool> IsListedAsync(string runId) => (await (await TableAsync()).ReadAsync(RunWakeups.BucketOf(runId, Buckets))).Any(listing => listing.RunId == runId);

    private static StartRunRequest Request(string operation)
    {
        var manifest = new RunManifest(operation, RunConfig.Default, "{}");
        return RunManifestIdentity.StartRequest(manifest);
    }

    private async Task<List<string>> StoredEventTypesAsync(string runId)
    {
        var events = await fixture.SiloServices.GetRequiredService<RunStores>().Events;
        return await events.ReadAsync(runId).Select(e => e.Type).ToListAsync();
    }

    [Fact]
    public async Task A_run_is_listed_while_unfinished_left_alone_by_a_sweep_and_dropped_once_it_ends()
    {
        var id = Guid.NewGuid().ToString("N");
        var probe = fixture.SiloServices.GetRequiredService<RunProbe>();

        await fixture.Client.GetGrain<IRunGrain>(id).StartAsync(Request("cancellable"));
        await probe.WaitUntilEntered(id);
        var unfinished = await Wakeups(id).SweepAsync();
        var listedAfterSweep = await IsListedAsync(id);
        var phaseAfterSweep = (await fixture.Client.GetGrain<IRunGrain>(id).GetStatusAsync()).Phase;
        var cancelled = await fixture.Client.GetGrain<IRunGrain>(id).CancelAsync();

        Assert.True(unfinished >= 1, $"the sweep counted {unfinished} unfinished runs");
        Assert.True(listedAfterSweep);
        Assert.Equal(RunPhase.Running, phaseAfterSweep);
        Assert.Equal(RunPhase.Cancelled, cancelled.Phase);
        await Poll.UntilAsync(async () => !await IsListedAsync(id), Timeout, Interval);
    }

    [Fact]
    public async Task A_sweep_resumes_a_stopped_run_that_nobody_calls()
    {
        var id = Guid.NewGuid().ToString("N");
        var failpoints = fixture.SiloServices.GetRequiredService<RunFailpoints>();
        failpoints.StopAfterHandlerOnce(id);

        await fixture.Client.GetGrain<IRunGrain>(id).StartAsync(Request("three-steps"));
        await Poll.UntilAsync(() => !failpoints.IsArmed(id), Timeout, Interval);

        // Only sweeps call the run from here on; the test reads its history from the store. A sweep
        // that comes while the stopped activation is still going away finds it running, so sweep again.
        await Poll.UntilAsync(
            async () =>
            {
                await Wakeups(id).SweepAsync();
                return (await StoredEventTypesAsync(id)).Contains("RunCompleted");
            },
            Timeout,
            TimeSpan.FromMilliseconds(200));
        await Poll.UntilAsync(async () => !await IsListedAsync(id), Timeout, Interval);
        Assert.Single(await StoredEventTypesAsync(id), type => type == "RunCompleted");
    }

    [Fact]
    public async Task A_sweep_drops_listings_of_runs_that_ended_or_never_started()
    {
        var ended = Guid.NewGuid().ToString("N");
        var neverStarted = Guid.NewGuid().ToString("N");
        await fixture.Client.GetGrain<IRunGrain>(ended).StartAsync(Request("three-steps"));
        await Poll.UntilAsync(async () => (await StoredEventTypesAsync(ended)).Contains("RunCompleted"), Timeout, Interval);
        await Poll.UntilAsync(async () => !await IsListedAsync(ended), Timeout, Interval);

        // As a lost removal, or a start whose append failed after its listing, would leave them.
        var table = await TableAsync();
        foreach (var id in new[] { ended, neverStarted })
        {
            await table.WatchAsync(RunWakeups.BucketOf(id, Buckets), id);
        }

        await Wakeups(ended).SweepAsync();
        await Wakeups(neverStarted).SweepAsync();

        Assert.False(await IsListedAsync(ended));
        Assert.False(await IsListedAsync(neverStarted));
        Assert.Empty(await StoredEventTypesAsync(neverStarted));
    }

    [Fact]
    public async Task A_run_whose_end_never_reached_the_index_is_indexed_by_the_sweep_that_finds_it_still_listed()
    {
        var id = Guid.NewGuid().ToString("N");
        var index = await fixture.SiloServices.GetRequiredService<RunStores>().Index;
        await fixture.Client.GetGrain<IRunGrain>(id).StartAsync(Request("three-steps"));
        await Poll.UntilAsync(async () => !await IsListedAsync(id), Timeout, Interval);

        // As a silo that died holding the end's index write leaves it: listed, and indexed as running.
        await index.RecordNowAsync(new RunIndexEntry(id, "three-steps", 1, RunPhase.Running, DateTimeOffset.UtcNow));
        await (await TableAsync()).WatchAsync(RunWakeups.BucketOf(id, Buckets), id);
        await Wakeups(id).SweepAsync();

        Assert.Equal(RunPhase.Completed, (await index.ReadAsync("three-steps")).Single(entry => entry.RunId == id).Phase);
        Assert.False(await IsListedAsync(id));
    }
}
