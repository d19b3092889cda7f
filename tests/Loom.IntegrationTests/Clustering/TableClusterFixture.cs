using System.Reflection;
using Loom.IntegrationTests.Reminders;
using Loom.Silo.Clustering;
using Loom.Silo.Reminders;
using Loom.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Loom.IntegrationTests.Clustering;

/// <summary>
/// Three in-process silos whose membership and reminders live in tables of one shared
/// <see cref="ITableStoreFactory"/> (each silo has its own services, so each registers the same
/// instance), and a client that finds the gateways in the same table. A subclass says which
/// storage adapter the tables are on.
/// </summary>
public abstract class TableClusterFixture : IAsyncLifetime
{
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(1);
    private SeverableTableStoreFactory? _nextSiloStorage;

    /// <summary>The tables every silo and the client use.</summary>
    public ITableStoreFactory Tables { get; private set; } = null!;

    /// <summary>The reminder ticks every silo saw.</summary>
    public TickProbe Ticks { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>
    /// Makes the next silo started reach the tables through a factory the test can sever, and give up
    /// retrying its status writes within seconds once it is severed (Orleans retries them for
    /// <see cref="ClusterMembershipOptions.MaxJoinAttemptTime"/>, five minutes by default, and a
    /// silo that is being killed waits for them before it stops answering its peers).
    /// </summary>
    public SeverableTableStoreFactory SeverableStorageForNextSilo()
    {
        var severable = new SeverableTableStoreFactory(Tables);
        _nextSiloStorage = severable;
        return severable;
    }

    /// <summary>Opens the storage adapter under test.</summary>
    protected abstract Task<ITableStoreFactory> CreateTableStoreFactoryAsync();

    /// <summary>Adds what a subclass's tests need to every silo (its services are the silo's own).</summary>
    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    /// <summary>Adds what a subclass's tests need to the client.</summary>
    protected virtual void ConfigureClient(IClientBuilder client)
    {
    }

    /// <summary>Releases what <see cref="CreateTableStoreFactoryAsync"/> started, once the cluster is down.</summary>
    protected virtual Task ReleaseTableStoreFactoryAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Tables = await CreateTableStoreFactoryAsync();
        var builder = new InProcessTestClusterBuilder(3);
        UseClusteringUnderTest(builder.Options);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseLoomTableClustering()
                .UseLoomTableReminders()
                .Services
                .AddSingleton(Ticks)
                .Configure<ClusterMembershipOptions>(DetectDeathInSeconds)
                .Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = TickingGrain.Period);
            ConfigureSilo(silo);
            if (Interlocked.Exchange(ref _nextSiloStorage, null) is { } severable)
            {
                silo.Services
                    .AddSingleton<ITableStoreFactory>(severable)
                    .Configure<ClusterMembershipOptions>(GiveUpOnStorageInSeconds);
            }
            else
            {
                silo.Services.AddSingleton(Tables);
            }
        });
        builder.ConfigureClient(client =>
        {
            client
                .UseLoomTableClustering()
                .Services
                .AddSingleton(Tables)
                .Configure<ClusterMembershipOptions>(DetectDeathInSeconds)
                .Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = Fast);
            ConfigureClient(client);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await ReleaseTableStoreFactoryAsync();
    }

    /// <summary>The cluster's membership table, read straight from storage.</summary>
    public async Task<TableMembershipTable> MembershipAsync()
    {
        var table = new TableMembershipTable(
            Tables,
            Options.Create(new TableClusteringOptions()),
            Options.Create(new ClusterOptions { ClusterId = Cluster.Options.ClusterId, ServiceId = Cluster.Options.ServiceId }),
            NullLogger<TableMembershipTable>.Instance);
        await table.InitializeMembershipTable(false);
        return table;
    }

    /// <summary>The cluster's reminder table, read straight from storage.</summary>
    public async Task<TableReminderTable> RemindersAsync()
    {
        var table = new TableReminderTable(
            Tables,
            Options.Create(new TableReminderOptions()),
            Options.Create(new ClusterOptions { ClusterId = Cluster.Options.ClusterId, ServiceId = Cluster.Options.ServiceId }),
            NullLogger<TableReminderTable>.Instance);
        await table.StartAsync();
        return table;
    }

    // Probes every second and two missed probes make a suspicion, so a dead silo is noticed in seconds, not minutes.
    private static void DetectDeathInSeconds(ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = Fast;
        membership.MaxProbeTimeout = 2 * Fast;
        membership.NumMissedProbesLimit = 2;
        membership.TableRefreshTimeout = Fast;
        membership.IAmAliveTablePublishTimeout = Fast;
    }

    private static void GiveUpOnStorageInSeconds(ClusterMembershipOptions membership) => membership.MaxJoinAttemptTime = 2 * Fast;

    // InProcessTestCluster registers an in-memory membership table of its own (and a grain directory
    // that consults it) after every configuration delegate, which would shadow the provider under test.
    // The switch that turns that off is internal, so it is set by name; should an Orleans upgrade rename
    // it, this fails loudly instead of quietly testing Orleans' table in place of ours.
    private static void UseClusteringUnderTest(InProcessTestClusterOptions options)
    {
        var property = typeof(InProcessTestClusterOptions).GetProperty("UseTestClusterMembership", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("InProcessTestClusterOptions.UseTestClusterMembership is gone; find the new way to bring your own membership.");
        property.SetValue(options, false);
    }
}
