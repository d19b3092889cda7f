using System.Collections.Concurrent;
using System.Text.Json;
using Loom.Hosting;
using Loom.IntegrationTests.Clustering;
using Loom.Runs;
using Loom.Silo.Hosting;
using Loom.Storage;
using Loom.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.IntegrationTests.Runs;

/// <summary>
/// Three silos with runs, their history and reminders in shared tables. The wake-up reminders come
/// round every ten minutes, far beyond the tests' time: runs a killed silo held are brought back by
/// the survivors as soon as membership declares it dead.
/// </summary>
public sealed class RunClusterFixture : TableClusterFixture
{
    /// <summary>Where gated states were entered, shared by every silo.</summary>
    public GateProbe Gates { get; } = new();

    protected override Task<ITableStoreFactory> CreateTableStoreFactoryAsync() => Task.FromResult<ITableStoreFactory>(new InMemoryTableStoreFactory());

    protected override void ConfigureSilo(ISiloBuilder silo) => silo
        .AddLoomTableGrainStorageAsDefault()
        .AddLoomRuns()
        .Services
        .AddSingleton(Gates)
        .Configure<RunOptions>(runs => runs.ReminderPeriod = TimeSpan.FromMinutes(10))
        .AddRunOperation("gated", 1, graph => graph.State<TrailStep>("a").State<GateStep>("gate", "a").State<TrailStep>("c", "gate"))
        .AddRunOperation("held", 1, graph => graph.State<HoldStep>("hold"))
        .AddRunOperation("parent-of-held", 1, graph => graph.State<SpawnHeldStep>("spawn").State<TrailStep>("after", "spawn"));
}

/// <summary>Blocks its first attempt for good, as a long handler on a silo about to die; later attempts pass.</summary>
public sealed class GateStep(GateProbe gates, ILocalSiloDetails silo) : IRunStateHandler
{
    public async Task ExecuteAsync(RunStateContext context)
    {
        gates.Entered(context.RunId, context.Attempt, silo.SiloAddress);
        if (context.Attempt == 0)
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
    }
}

/// <summary>Holds its run until the test releases it.</summary>
public sealed class HoldStep(GateProbe gates, ILocalSiloDetails silo) : IRunStateHandler
{
    public async Task ExecuteAsync(RunStateContext context)
    {
        gates.Entered(context.RunId, context.Attempt, silo.SiloAddress);
        await gates.WaitForRelease(context.RunId).WaitAsync(context.CancellationToken);
    }
}

/// <summary>Starts a held child run and waits for it, telling the probe where it waits.</summary>
public sealed class SpawnHeldStep(GateProbe gates, ILocalSiloDetails silo) : IRunStateHandler
{
    public async Task ExecuteAsync(RunStateContext context)
    {
        gates.Entered(context.RunId, context.Attempt, silo.SiloAddress);
        var child = await context.RunChildAsync("held");
        if (child.Phase != RunPhase.Completed)
        {
            throw new RunStateException($"child run {child.RunId} ended {child.Phase}", retryable: false);
        }
    }
}

/// <summary>Each run's gate entries (attempt and silo), and releases for held runs.</summary>
public sealed class GateProbe
{
    private readonly ConcurrentQueue<(string RunId, int Attempt, SiloAddress Silo)> _entries = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _releases = new();

    public void Entered(string runId, int attempt, SiloAddress silo) => _entries.Enqueue((runId, attempt, silo));

    public void Release(string runId) => Gate(runId).TrySetResult();

    public Task WaitForRelease(string runId) => Gate(runId).Task;

    private TaskCompletionSource Gate(string runId) => _releases.GetOrAdd(runId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public IReadOnlyList<(int Attempt, SiloAddress Silo)> Of(string runId) => _entries.Where(e => e.RunId == runId).Select(e => (e.Attempt, e.Silo)).ToList();
}

public sealed class RunClusterTests(RunClusterFixture fixture) : IClassFixture<RunClusterFixture>
{
    [Fact]
    public async Task A_run_whose_silo_is_killed_mid_state_is_resumed_on_another_silo_once_the_death_is_known_and_records_each_completion_once()
    {
        var runId = Guid.NewGuid().ToString("N");
        var manifest = new RunManifest("gated", RunConfig.Default, "{}");
        var run = fixture.Client.GetGrain<IRunGrain>(runId);

        await StartAsync(run, manifest);
        await Eventually(() => fixture.Gates.Of(runId).Count == 1);
        var victim = fixture.Gates.Of(runId)[0].Silo;
        await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos.Single(silo => silo.SiloAddress.Equals(victim)));

        // Nobody calls the run, and its bucket's reminder is minutes away: only the survivors' reaction to the death can bring it back.
        await Eventually(() => fixture.Gates.Of(runId).Any(entry => entry.Attempt == 1));
        var retried = fixture.Gates.Of(runId).Single(entry => entry.Attempt == 1);
        await Eventually(async () => (await run.GetStatusAsync()).Phase == RunPhase.Completed);
        var history = await run.GetHistoryAsync();

        Assert.NotEqual(victim, retried.Silo);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Sequence));
        var completions = history.Where(e => e.Type == "StateCompleted").Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("stateId").GetString()).ToList();
        Assert.Equal(["a", "gate", "c"], completions);
        Assert.Single(history, e => e.Type == "RunCompleted");
    }

    [Fact]
    public async Task A_parent_whose_silo_dies_while_it_waits_for_its_child_resumes_elsewhere_and_waits_for_the_same_child()
    {
        var parentId = Guid.NewGuid().ToString("N");
        var childId = $"{parentId}/spawn/1";
        var manifest = new RunManifest("parent-of-held", RunConfig.Default, "{}");
        var parent = fixture.Client.GetGrain<IRunGrain>(parentId);

        await StartAsync(parent, manifest);
        await Eventually(() => fixture.Gates.Of(parentId).Count == 1 && fixture.Gates.Of(childId).Count == 1);
        var victim = fixture.Gates.Of(parentId)[0].Silo;
        await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos.Single(silo => silo.SiloAddress.Equals(victim)));

        // A silo killed in process keeps running its handlers for a moment, so the survivor's attempt may not be the first retry.
        await Eventually(() => fixture.Gates.Of(parentId).Any(entry => entry.Attempt >= 1 && !entry.Silo.Equals(victim)), async () => string.Join(" | ", (await parent.GetHistoryAsync()).Select(e => e.Type + e.Json)));
        fixture.Gates.Release(childId);
        await Eventually(async () => (await parent.GetStatusAsync()).Phase == RunPhase.Completed);

        Assert.Single(await fixture.Client.GetGrain<IRunGrain>(childId).GetHistoryAsync(), e => e.Type == "RunStarted");
        Assert.Empty(await fixture.Client.GetGrain<IRunGrain>($"{parentId}/spawn/2").GetHistoryAsync());
        var completions = (await parent.GetHistoryAsync()).Where(e => e.Type == "StateCompleted").Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("stateId").GetString());
        Assert.Equal(["spawn", "after"], completions);
    }

    // The other test may have killed the silo the client last reached; a start with the same manifest is the same start.
    private static Task StartAsync(IRunGrain run, RunManifest manifest) => Poll.UntilAsync(
        async () =>
        {
            try
            {
                await run.StartAsync(RunManifestIdentity.StartRequest(manifest));
                return true;
            }
            catch (Exception error) when (error is Orleans.Runtime.Messaging.ConnectionFailedException or OrleansMessageRejectionException)
            {
                return false;
            }
        },
        TimeSpan.FromSeconds(60),
        TimeSpan.FromMilliseconds(200));

    private static Task Eventually(Func<bool> condition, Func<Task<string>>? explain = null) => Poll.UntilAsync(condition, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100), explain);

    private static Task Eventually(Func<Task<bool>> condition) => Poll.UntilAsync(
        async () =>
        {
            try
            {
                return await condition();
            }
            catch (Exception error) when (error is Orleans.Runtime.Messaging.ConnectionFailedException or OrleansMessageRejectionException)
            {
                return false;
            }
        },
        TimeSpan.FromSeconds(60),
        TimeSpan.FromMilliseconds(100));
}
