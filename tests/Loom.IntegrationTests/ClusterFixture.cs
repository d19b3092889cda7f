using Loom.Entities;
using Loom.Hosting;
using Loom.IntegrationTests.UseCases;
using Loom.IntegrationTests.Jobs;
using Loom.Jobs;
using Loom.Observability;
using Loom.Samples.Ledger;
using Loom.Silo.Hosting;
using Loom.Storage;
using Loom.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Loom.IntegrationTests;

/// <summary>One in-process Orleans cluster hosting the sample ledger and the test use cases, shared by a collection.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; } = new InProcessTestClusterBuilder(1)
        .ConfigureSilo((_, silo) => silo
            .AddLoomTableGrainStorageAsDefault()
            .AddLoomUseCases(typeof(Transfer).Assembly, typeof(ClusterFixture).Assembly)
            .Services
            .AddSingleton<ITableStoreFactory, InMemoryTableStoreFactory>()
            .AddSingleton<RetryCounter>()
            .AddSingleton<IUseCaseEventSink>(sp => sp.GetRequiredService<RetryCounter>())
            .AddSingleton<JobProbe>()
            .AddKeyedSingleton<IEntityProfile<Account>, PublicAccountProfile>("public")
            .AddSingleton<GrainJobOutbox>()
            .AddSingleton<LosingWakeOutbox>()
            .AddSingleton<IJobOutbox>(sp => sp.GetRequiredService<LosingWakeOutbox>())
            .Configure<JobOptions>(jobs =>
            {
                jobs.MaxAttempts = 3;
                jobs.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
                jobs.SweepInterval = TimeSpan.FromMilliseconds(300);
            }))
        .Build();

    public IClusterClient Client => Cluster.Client;

    public RetryCounter Retries => Cluster.GetSiloServiceProvider().GetRequiredService<RetryCounter>();

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
