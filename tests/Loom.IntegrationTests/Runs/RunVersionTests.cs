using Loom.Hosting;
using Loom.IntegrationTests.Http;
using Loom.IntegrationTests.Storage.Sqlite;
using Loom.Runs;
using Loom.Silo.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.IntegrationTests.Runs;

/// <summary>
/// A run resumes only on the graph it started with: silo lifetimes on one SQLite file, each deploying
/// operation "pinned" version 1 differently (or not at all), see the same unfinished run.
/// </summary>
public sealed class RunVersionTests : IDisposable
{
    private readonly SqliteTempFile _file = new();

    private string DatabasePath => _file.Path;

    [Fact]
    public async Task A_run_halts_when_its_version_is_redeployed_with_another_graph_or_removed_and_goes_on_when_its_graph_returns()
    {
        var runId = Guid.NewGuid().ToString("N");
        var original = (Action<RunGraphBuilder>)(graph => graph.State<TrailStep>("a").State<WaitForCancelStep>("wait", "a"));

        var firstProbe = new RunProbe();
        await using (var first = Lifetime(firstProbe, services => services.AddRunOperation("pinned", 1, original)))
        {
            var manifest = new RunManifest("pinned", RunConfig.Default, "{}");
            await Grains(first).GetGrain<IRunGrain>(runId).StartAsync(RunManifestIdentity.StartRequest(manifest));
            await firstProbe.WaitUntilEntered(runId);
        }

        await using (var changed = Lifetime(new RunProbe(), services => services.AddRunOperation("pinned", 1, graph => graph.State<TrailStep>("a").State<TrailStep>("wait", "a"))))
        {
            var halted = await UntilAsync(Grains(changed).GetGrain<IRunGrain>(runId), status => status.Phase == RunPhase.Halted);
            Assert.Equal("graph_changed", halted.HaltCode);
        }

        await using (var removed = Lifetime(new RunProbe(), _ => { }))
        {
            var halted = await UntilAsync(Grains(removed).GetGrain<IRunGrain>(runId), status => status.HaltCode == "unknown_version");
            Assert.Equal(RunPhase.Halted, halted.Phase);
        }

        var lastProbe = new RunProbe();
        await using var restored = Lifetime(lastProbe, services => services.AddRunOperation("pinned", 1, original));
        var run = Grains(restored).GetGrain<IRunGrain>(runId);
        await run.ResumeAsync();
        await lastProbe.WaitUntilEntered(runId);
        var cancelled = await run.CancelAsync();
        var history = await run.GetHistoryAsync();

        Assert.Equal(RunPhase.Cancelled, cancelled.Phase);
        Assert.Equal(["RunHalted", "RunHalted", "StateEntered", "RunCompleted"], history.SkipWhile(e => e.Type != "RunHalted").Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Sequence));
        Assert.Contains("\"attempt\":1", history.Single(e => e.Type == "StateEntered" && e.Json.Contains("\"wait\"", StringComparison.Ordinal) && e.Sequence > 5).Json, StringComparison.Ordinal);
    }

    public void Dispose() => _file.Dispose();

    private WebApplicationFactory<LoomSiloOptions> Lifetime(RunProbe probe, Action<IServiceCollection> operations) =>
        SiloFactory.OnFile(DatabasePath).WithWebHostBuilder(host => host.ConfigureServices(services =>
        {
            services.AddSingleton(probe);
            operations(services);
        }));

    private static IGrainFactory Grains(WebApplicationFactory<LoomSiloOptions> silo) => silo.Services.GetRequiredService<IGrainFactory>();

    private static async Task<RunStatusView> UntilAsync(IRunGrain run, Func<RunStatusView, bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            var status = await run.GetStatusAsync();
            if (condition(status))
            {
                return status;
            }
        }

        throw new TimeoutException("the run did not reach the expected status within 30 s");
    }
}
