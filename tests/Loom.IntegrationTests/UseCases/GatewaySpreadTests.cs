using Loom.UseCases;
using Orleans.TestingHost;

namespace Loom.IntegrationTests.UseCases;

/// <summary>
/// One client's use-case calls run on every silo of the cluster, not only on the gateway a single
/// grain id is routed to, and go on through the others when a silo is lost.
/// </summary>
public sealed class GatewaySpreadTests : IAsyncLifetime
{
    private readonly InProcessTestCluster _cluster = SnapshotClusterFixture.BuildCluster(silos: 3);

    [Fact]
    public async Task A_client_s_calls_run_on_every_silo_and_on_the_survivors_after_one_is_killed()
    {
        var all = _cluster.Silos.Select(s => s.SiloAddress.ToParsableString()).ToArray();
        var before = await SilosRunningAsync(calls: 48);

        await _cluster.KillSiloAsync(_cluster.Silos[1]);
        var after = await SilosRunningAsync(calls: 48);

        Assert.Equivalent(all, before);
        Assert.Equivalent(all.Where((_, i) => i != 1), after);
    }

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<HashSet<string>> SilosRunningAsync(int calls)
    {
        var silos = new HashSet<string>();
        for (var i = 0; i < calls; i++)
        {
            silos.Add(await WhichSiloAsync());
        }

        return silos;
    }

    // A call sent just before the client saw its gateway go fails at once as unavailable: it is asked again.
    private async Task<string> WhichSiloAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await _cluster.Client.ExecuteUseCaseAsync<string>(nameof(WhichSilo)))!;
            }
            catch (SiloUnavailableException) when (attempt < 3)
            {
            }
        }
    }
}
