using Loom.Entities;
using Loom.Hosting;
using Loom.IntegrationTests.UseCases;
using Loom.IntegrationTests.Jobs;
using Loom.IntegrationTests.Runs;
using Loom.Runs;
using Loom.Silo.Reminders;
using Loom.Jobs;
using Loom.Observability;
using Loom.Samples.Ledger;
using Loom.Samples.Statements;
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
            .UseLoomTableReminders()
            .AddLoomRuns()
            .AddLoomUseCases(typeof(Transfer).Assembly, typeof(ClusterFixture).Assembly)
            .Services
            .AddSingleton<ITableStoreFactory, InMemoryTableStoreFactory>()
            .AddSingleton<RetryCounter>()
            .AddSingleton<IUseCaseEventSink>(sp => sp.GetRequiredService<RetryCounter>())
            .AddSingleton<JobProbe>()
            .AddSingleton<RunProbe>()
            .AddRunOperation("three-steps", 1, graph => graph.State<TrailStep>("a").State<TrailStep>("b", "a").State<TrailStep>("c", "b"))
            .AddRunOperation("flaky", 1, graph => graph.State<TrailStep>("a").State<FlakyStep>("flaky", "a").State<TrailStep>("c", "flaky"))
            .AddRunOperation("cluster-blip", 1, graph => graph.State<TrailStep>("a").State<ClusterBlipStep>("blip", "a").State<TrailStep>("c", "blip"))
            .AddRunOperation("fatal", 1, graph => graph.State<TrailStep>("a").State<FatalStep>("fatal", "a").State<TrailStep>("c", "fatal"))
            .AddRunOperation("cancellable", 1, graph => graph.State<TrailStep>("a").State<WaitForCancelStep>("wait", "a").State<TrailStep>("c", "wait"))
            .AddRunOperation("long", 1, graph => Chain(graph, 1000))
            .AddRunOperation("diamond", 1, graph => graph.State<TrailStep>("collect").State<MeetSiblingStep>("left", "collect").State<MeetSiblingStep>("right", "collect").State<ReportKeysStep>("join", "left", "right"))
            .AddRunOperation("plain-diamond", 1, graph => graph.State<TrailStep>("collect").State<TrailStep>("left", "collect").State<TrailStep>("right", "collect").State<ReportKeysStep>("join", "left", "right"))
            .AddRunOperation("parent", 1, graph => graph.State<TrailStep>("a").State<SpawnChildStep>("spawn", "a").State<TrailStep>("c", "spawn"))
            .AddStatementRuns()
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

    public IServiceProvider SiloServices => Cluster.GetSiloServiceProvider();

    public RetryCounter Retries => Cluster.GetSiloServiceProvider().GetRequiredService<RetryCounter>();

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private static void Chain(RunGraphBuilder graph, int states)
    {
        graph.State<NoOpStep>("s0");
        for (var i = 1; i < states; i++)
        {
            graph.State<NoOpStep>($"s{i}", $"s{i - 1}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
