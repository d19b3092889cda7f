using Loom.Entities;
using Loom.Hosting;
using Loom.Observability;
using Loom.Samples.Ledger;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Loom.IntegrationTests.UseCases;

/// <summary>
/// A cluster of its own for the entity-snapshot tests: the stale snapshots that other tests' heavy
/// contention produces would pause the silo's snapshots, and these tests need them served.
/// </summary>
public sealed class SnapshotClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; } = BuildCluster(silos: 1);

    public IClusterClient Client => Cluster.Client;

    public RetryCounter Retries => Cluster.GetSiloServiceProvider().GetRequiredService<RetryCounter>();

    public Task InitializeAsync() => Cluster.DeployAsync();

    /// <summary>A cluster of <paramref name="silos"/> silos hosting the ledger, each counting its own retries, and a client set up for Loom.</summary>
    public static InProcessTestCluster BuildCluster(short silos) => new InProcessTestClusterBuilder(silos)
        .ConfigureSilo((_, silo) => silo
            .AddMemoryGrainStorageAsDefault()
            .AddLoomUseCases(typeof(Transfer).Assembly, typeof(SnapshotClusterFixture).Assembly)
            .Services
            .AddKeyedSingleton<IEntityProfile<Account>, PublicAccountProfile>("public")
            .AddSingleton<RetryCounter>()
            .AddSingleton<IUseCaseEventSink>(sp => sp.GetRequiredService<RetryCounter>()))
        .ConfigureClient(client => client.UseLoom())
        .Build();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SnapshotClusterCollection : ICollectionFixture<SnapshotClusterFixture>
{
    public const string Name = "snapshot cluster";
}
