using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Loom.IntegrationTests.UseCases;

/// <summary>
/// Two silos configured as the snapshot cluster, each with its own entity snapshots and retry
/// counter, so tests can run a use case on the silo they choose: a call made through a silo's own
/// grain factory runs on that silo's stateless executor.
/// </summary>
public sealed class TwoSiloClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; } = SnapshotClusterFixture.BuildCluster(silos: 2);

    /// <summary>The services of silo <paramref name="index"/>.</summary>
    public IServiceProvider Silo(int index) => Cluster.GetSiloServiceProvider(Cluster.Silos[index].SiloAddress);

    /// <summary>A grain factory whose calls start on silo <paramref name="index"/>.</summary>
    public IGrainFactory GrainsOn(int index) => Silo(index).GetRequiredService<IGrainFactory>();

    /// <summary>The retries silo <paramref name="index"/> reported.</summary>
    public RetryCounter RetriesOn(int index) => Silo(index).GetRequiredService<RetryCounter>();

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
