using System.Collections.Concurrent;
using System.Text.Json;
using Loom.Hosting;
using Loom.IntegrationTests.Clustering;
using Loom.IntegrationTests.Reminders;
using Loom.Runs;
using Loom.Silo.Hosting;
using Loom.Storage;
using Loom.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.IntegrationTests.Runs;

/// <summary>Three silos with runs, their history and reminders in shared tables.</summary>
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
        .Configure<RunOptions>(runs => runs.ReminderPeriod = TickingGrain.Period)
        .AddRunOperation("gated", 1, graph => graph.State<TrailStep>("a").State<GateStep>("gate", "a").State<TrailStep>("c", "gate"));
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

/// <summary>Each run's gate entries: attempt and silo.</summary>
public sealed class GateProbe
{
    private readonly ConcurrentQueue<(string RunId, int Attempt, SiloAddress Silo)> _entries = new();

    public void Entered(string runId, int attempt, SiloAddress silo) => _entries.Enqueue((runId, attempt, silo));

    public IReadOnlyList<(int Attempt, SiloAddress Silo)> Of(string runId) => _entries.Where(e => e.RunId == runId).Select(e => (e.Attempt, e.Silo)).ToList();
}

public sealed class RunClusterTests(RunClusterFixture fixture) : IClassFixture<RunClusterFixture>
{
    [Fact]
    public async Task A_run_whose_silo_is_killed_mid_state_is_resumed_by_its_reminder_on_another_silo_and_records_each_completion_once()
    {
        var runId = Guid.NewGuid().ToString("N");
        var manifest = new RunManifest("gated", RunConfig.Default, "{}");
        var run = fixture.Client.GetGrain<IRunGrain>(runId);

        await run.StartAsync(new StartRunRequest(RunManifestIdentity.IdOf(manifest), "gated", manifest.Config, manifest));
        await Eventually(() => fixture.Gates.Of(runId).Count == 1);
        var victim = fixture.Gates.Of(runId)[0].Silo;
        await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos.Single(silo => silo.SiloAddress.Equals(victim)));

        // Nobody calls the run: only its reminder, now owned by a survivor, can bring it back.
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

    private static Task Eventually(Func<bool> condition) => Eventually(() => Task.FromResult(condition()));

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (await condition())
            {
                return;
            }
        }

        Assert.Fail("the condition did not hold within 60 s");
    }
}
