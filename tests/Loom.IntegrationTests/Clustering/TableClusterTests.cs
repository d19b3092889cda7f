using System.Net;
using Loom.IntegrationTests.Reminders;
using Loom.Silo.Clustering;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Loom.IntegrationTests.Clustering;

/// <summary>
/// A real cluster whose membership and reminders live in tables: silos join through the table,
/// clients find gateways in it, a killed silo ends up dead in it, a silo that can no longer write is
/// voted dead in it by the others, and reminders outlive the silo they were registered on. A
/// subclass picks the fixture, and so the storage adapter.
/// </summary>
public abstract class TableClusterTests<TFixture>(TFixture fixture) where TFixture : TableClusterFixture
{
    [Fact]
    public async Task Running_silos_are_active_rows_and_the_client_s_gateways()
    {
        Assert.IsType<TableMembershipTable>(fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IMembershipTable>());
        var gatewayList = Assert.IsType<TableGatewayListProvider>(fixture.Client.ServiceProvider.GetRequiredService<IGatewayListProvider>());
        var running = fixture.Cluster.Silos;

        var table = await (await fixture.MembershipAsync()).ReadAll();
        var gateways = await gatewayList.GetGateways();

        Assert.All(running, silo => Assert.Equal(SiloStatus.Active, table.TryGet(silo.SiloAddress)?.Item1.Status));
        Assert.Equal(running.Select(silo => silo.GatewayAddress.Endpoint).ToHashSet(), Endpoints(gateways));
    }

    [Fact]
    public async Task A_silo_that_joins_becomes_a_gateway_and_once_stopped_is_dead_and_no_gateway()
    {
        var gatewayList = fixture.Client.ServiceProvider.GetRequiredService<IGatewayListProvider>();
        var membership = await fixture.MembershipAsync();

        var joined = await fixture.Cluster.StartAdditionalSiloAsync();

        Assert.Equal(SiloStatus.Active, (await membership.ReadRow(joined.SiloAddress)).Members.Single().Item1.Status);
        Assert.Contains(joined.GatewayAddress.Endpoint, Endpoints(await gatewayList.GetGateways()));

        await fixture.Cluster.StopSiloAsync(joined);

        Assert.Equal(SiloStatus.Dead, (await membership.ReadRow(joined.SiloAddress)).Members.Single().Item1.Status);
        Assert.DoesNotContain(joined.GatewayAddress.Endpoint, Endpoints(await gatewayList.GetGateways()));
    }

    [Fact]
    public async Task A_killed_silo_ends_up_dead_the_cluster_serves_on_and_its_reminders_fire_on_the_survivors()
    {
        var run = Guid.NewGuid().ToString("N");
        var grains = Enumerable.Range(0, 8).Select(i => fixture.Client.GetGrain<ITickingGrain>($"{run}-{i}")).ToList();
        var hosts = await Task.WhenAll(grains.Select(grain => grain.StartTickingAsync()));
        var victim = fixture.Cluster.Silos.Single(silo => silo.SiloAddress.Equals(hosts[0]));
        await Eventually(() => grains.All(grain => fixture.Ticks.Of(grain.GetPrimaryKeyString()).Count > 0));
        var membership = await fixture.MembershipAsync();

        var killedAt = fixture.Ticks.Mark();

        // Killed in process, a silo still writes its own Dead row on the way down; the crash test below takes that away.
        await fixture.Cluster.KillSiloAsync(victim);

        await Eventually(async () => (await membership.ReadRow(victim.SiloAddress)).Members.Single().Item1.Status == SiloStatus.Dead);
        await fixture.Cluster.WaitForLivenessToStabilizeAsync(didKill: true);
        var hostsNow = await Task.WhenAll(grains.Select(grain => grain.WhereAsync()));
        Assert.DoesNotContain(victim.SiloAddress, hostsNow);

        await Eventually(() => grains.All(grain =>
            fixture.Ticks.Of(grain.GetPrimaryKeyString()).Any(tick => tick.Number > killedAt && !tick.Silo.Equals(victim.SiloAddress))));
        var reminders = await fixture.RemindersAsync();
        foreach (var grain in grains)
        {
            Assert.Equal(TickingGrain.ReminderName, Assert.Single((await reminders.ReadRows(grain.GetGrainId())).Reminders).ReminderName);
        }
    }

    // A silo handle's gateway address carries generation 0; the table's carries the silo's generation.
    private static HashSet<IPEndPoint> Endpoints(IEnumerable<Uri> gateways) => gateways.Select(uri => IPEndPoint.Parse(uri.Authority)).ToHashSet();

    [Fact]
    public async Task A_silo_that_crashes_without_a_last_write_is_voted_dead_by_the_others()
    {
        var storage = fixture.SeverableStorageForNextSilo();
        var victim = await fixture.Cluster.StartAdditionalSiloAsync();
        await fixture.Cluster.WaitForLivenessToStabilizeAsync();
        var membership = await fixture.MembershipAsync();

        storage.Sever();
        await fixture.Cluster.KillSiloAsync(victim);

        await Eventually(async () => (await membership.ReadRow(victim.SiloAddress)).Members.Single().Item1.Status == SiloStatus.Dead);
        var votes = (await membership.ReadRow(victim.SiloAddress)).Members.Single().Item1.SuspectTimes;
        var survivors = fixture.Cluster.Silos.Select(silo => silo.SiloAddress).ToHashSet();
        Assert.NotNull(votes);
        Assert.NotEmpty(votes);
        Assert.All(votes, vote => Assert.Contains(vote.Item1, survivors));
    }

    // Membership and reminders act in the background.
    private static Task Eventually(Func<bool> condition) => Poll.UntilAsync(condition, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));

    private static Task Eventually(Func<Task<bool>> condition) => Poll.UntilAsync(condition, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
}
