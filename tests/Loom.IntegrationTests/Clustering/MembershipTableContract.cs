using System.Net;
using Loom.Silo.Clustering;
using Loom.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Loom.IntegrationTests.Clustering;

/// <summary>
/// What Orleans' membership protocol needs from <see cref="TableMembershipTable"/> (the ground of
/// Orleans' MembershipTableTestsBase and more), run on each storage adapter by a subclass that
/// says how to open its tables. Each test works on a cluster id of its own.
/// </summary>
public abstract class MembershipTableContract : IAsyncLifetime
{
    private const string TableName = "LoomMembershipTests";
    private static int s_generation;

    /// <summary>The adapter's factory; a subclass may return the same one every time.</summary>
    protected abstract ITableStoreFactory Factory { get; }

    private string ClusterId { get; } = $"cluster-{Guid.NewGuid():N}";

    private TableMembershipTable Table { get; set; } = null!;

    public Task InitializeAsync()
    {
        Table = NewTable(ClusterId);
        return Table.InitializeMembershipTable(true);
    }

    public Task DisposeAsync() => Table.DeleteMembershipTableEntries(ClusterId);

    [Fact]
    public async Task An_initialized_table_reads_empty_at_version_0()
    {
        var data = await Table.ReadAll();

        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.False(string.IsNullOrEmpty(data.Version.VersionEtag));
    }

    [Fact]
    public async Task Initializing_again_keeps_what_is_there()
    {
        Assert.True(await Table.InsertRow(NewEntry(), (await Table.ReadAll()).Version.Next()));

        var second = NewTable(ClusterId);
        await second.InitializeMembershipTable(true);

        var data = await second.ReadAll();
        Assert.Single(data.Members);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task An_insert_adds_the_row_and_moves_the_version_and_its_etag()
    {
        var before = (await Table.ReadAll()).Version;

        Assert.True(await Table.InsertRow(NewEntry(), before.Next()));

        var data = await Table.ReadAll();
        Assert.Single(data.Members);
        Assert.Equal(1, data.Version.Version);
        Assert.NotEqual(before.VersionEtag, data.Version.VersionEtag);
        Assert.False(string.IsNullOrEmpty(data.Members[0].Item2));
    }

    [Fact]
    public async Task Every_field_of_an_entry_round_trips()
    {
        var entry = NewEntry();
        entry.RoleName = "worker";
        entry.UpdateZone = 3;
        entry.FaultZone = 7;
        entry.Status = SiloStatus.Active;
        entry.SuspectTimes = [Tuple.Create(NewAddress(), Now().AddSeconds(1)), Tuple.Create(NewAddress(), Now().AddSeconds(2))];

        Assert.True(await Table.InsertRow(entry, (await Table.ReadAll()).Version.Next()));

        var read = Assert.Single((await Table.ReadAll()).Members).Item1;
        Assert.Equal(entry.ToFullString(), read.ToFullString());
        Assert.Equal(entry.SuspectTimes, read.SuspectTimes);
        Assert.Equal(DateTimeKind.Utc, read.IAmAliveTime.Kind);
    }

    [Fact]
    public async Task An_insert_is_refused_on_a_stale_version_or_an_existing_row()
    {
        var entry = NewEntry();
        var next = (await Table.ReadAll()).Version.Next();
        Assert.True(await Table.InsertRow(entry, next));

        Assert.False(await Table.InsertRow(entry, next));
        Assert.False(await Table.InsertRow(NewEntry(), next));
        Assert.False(await Table.InsertRow(entry, (await Table.ReadAll()).Version.Next()));

        var data = await Table.ReadAll();
        Assert.Single(data.Members);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task ReadRow_returns_the_silo_with_the_version_of_the_same_snapshot()
    {
        var entry = NewEntry();
        var next = (await Table.ReadAll()).Version.Next();
        Assert.True(await Table.InsertRow(entry, next));
        Assert.True(await Table.InsertRow(NewEntry(), (await Table.ReadAll()).Version.Next()));

        var row = await Table.ReadRow(entry.SiloAddress);
        var all = await Table.ReadAll();

        var (read, eTag) = Assert.Single(row.Members);
        Assert.Equal(entry.SiloAddress, read.SiloAddress);
        Assert.Equal(all.TryGet(entry.SiloAddress)!.Item2, eTag);
        Assert.Equal(all.Version, row.Version);
        Assert.NotEqual(next.VersionEtag, row.Version.VersionEtag);
    }

    [Fact]
    public async Task ReadRow_of_an_unknown_silo_returns_only_the_version()
    {
        var row = await Table.ReadRow(NewAddress());

        Assert.Empty(row.Members);
        Assert.Equal((await Table.ReadAll()).Version, row.Version);
    }

    [Fact]
    public async Task An_update_needs_both_the_current_row_etag_and_the_current_version()
    {
        for (var silos = 1; silos <= 5; silos++)
        {
            var entry = NewEntry();
            var inserted = (await Table.ReadAll()).Version.Next();
            Assert.True(await Table.InsertRow(entry, inserted));
            var data = await Table.ReadAll();
            var eTag = data.TryGet(entry.SiloAddress)!.Item2;

            entry.Status = SiloStatus.Active;
            entry.SuspectTimes = [Tuple.Create(NewAddress(), Now())];
            Assert.False(await Table.UpdateRow(entry, eTag, inserted), "the version it was inserted at is stale");

            var next = data.Version.Next();
            Assert.True(await Table.UpdateRow(entry, eTag, next));
            Assert.False(await Table.UpdateRow(entry, eTag, (await Table.ReadAll()).Version.Next()), "the row's etag is stale");

            data = await Table.ReadAll();
            var (read, updatedETag) = data.TryGet(entry.SiloAddress)!;
            Assert.Equal(entry.ToFullString(), read.ToFullString());
            Assert.NotEqual(eTag, updatedETag);
            Assert.False(await Table.UpdateRow(entry, updatedETag, next), "the version it was updated to is stale");

            data = await Table.ReadAll();
            Assert.Equal(updatedETag, data.TryGet(entry.SiloAddress)!.Item2);
            Assert.Equal(next.Version, data.Version.Version);
            Assert.Equal(silos, data.Members.Count);
        }
    }

    [Fact]
    public async Task An_update_of_a_silo_that_has_no_row_is_refused()
    {
        var data = await Table.ReadAll();

        Assert.False(await Table.UpdateRow(NewEntry(), "W/\"1\"", data.Version.Next()));
        Assert.Equal(data.Version, (await Table.ReadAll()).Version);
    }

    [Fact]
    public async Task Of_concurrent_writers_one_wins_each_round_and_the_losers_retry()
    {
        var entry = NewEntry();
        var next = (await Table.ReadAll()).Version.Next();

        var inserts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Table.InsertRow(entry, next))));
        Assert.Single(inserts, won => won);

        await Task.WhenAll(Enumerable.Range(0, 19).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var data = await Table.ReadAll();
                var (current, eTag) = data.TryGet(entry.SiloAddress)!;
                if (await Table.UpdateRow(current, eTag, data.Version.Next()))
                {
                    return;
                }
            }
        })));

        var final = await Table.ReadAll();
        Assert.Equal(20, final.Version.Version);
        Assert.Single(final.Members);
    }

    [Fact]
    public async Task IAmAlive_changes_only_the_alive_time_and_not_the_version()
    {
        var entry = NewEntry();
        var next = (await Table.ReadAll()).Version.Next();
        Assert.True(await Table.InsertRow(entry, next));
        var alive = Now().AddSeconds(5);

        await Table.UpdateIAmAlive(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = alive });

        var data = await Table.ReadAll();
        var read = data.TryGet(entry.SiloAddress)!.Item1;
        Assert.Equal(alive, read.IAmAliveTime);
        entry.IAmAliveTime = alive;
        Assert.Equal(entry.ToFullString(), read.ToFullString());
        Assert.Equal(next.Version, data.Version.Version);
    }

    [Fact]
    public async Task IAmAlive_of_a_silo_without_a_row_writes_nothing()
    {
        await Table.UpdateIAmAlive(new MembershipEntry { SiloAddress = NewAddress(), IAmAliveTime = Now() });

        Assert.Empty((await Table.ReadAll()).Members);
    }

    [Fact]
    public async Task Cleanup_removes_old_rows_of_every_status_but_active_and_keeps_recent_ones()
    {
        var longAgo = Now().AddDays(-10);
        var old = Enum.GetValues<SiloStatus>().Select(status => NewEntry(status, longAgo)).ToList();
        var recent = NewEntry(SiloStatus.Joining);
        var recentlyDeclaredDead = NewEntry(SiloStatus.Dead, longAgo);
        recentlyDeclaredDead.AddSuspector(NewAddress(), Now());
        foreach (var entry in old.Append(recent).Append(recentlyDeclaredDead))
        {
            await InsertAsync(entry);
        }

        await Table.CleanupDefunctSiloEntries(longAgo.AddDays(3));

        var expected = new[] { old.Single(e => e.Status == SiloStatus.Active), recent, recentlyDeclaredDead }.Select(e => e.SiloAddress);
        Assert.Equal(expected.ToHashSet(), (await Table.ReadAll()).Members.Select(m => m.Item1.SiloAddress).ToHashSet());
    }

    [Fact]
    public async Task Cleanup_leaves_the_version_alone()
    {
        await InsertAsync(NewEntry(SiloStatus.Dead, Now().AddDays(-10)));
        var before = (await Table.ReadAll()).Version;

        await Table.CleanupDefunctSiloEntries(Now().AddDays(-1));

        var after = await Table.ReadAll();
        Assert.Empty(after.Members);
        Assert.Equal(before, after.Version);
    }

    [Fact]
    public async Task Deleting_a_cluster_removes_its_rows_and_no_other_cluster_s()
    {
        var other = NewTable($"other-{Guid.NewGuid():N}");
        await other.InitializeMembershipTable(true);
        await InsertAsync(NewEntry());
        Assert.True(await other.InsertRow(NewEntry(), (await other.ReadAll()).Version.Next()));

        await Table.DeleteMembershipTableEntries(ClusterId);

        await Assert.ThrowsAsync<InvalidOperationException>(Table.ReadAll);
        Assert.Single((await other.ReadAll()).Members);
        await Table.InitializeMembershipTable(true);
        Assert.Equal(0, (await Table.ReadAll()).Version.Version);
    }

    [Theory]
    [InlineData("a/b", "a_b")]
    [InlineData("a#b?c\\d", "a~23b~3Fc~5Cd")]
    [InlineData("tab\there|pipe", "tab~09here~7Cpipe")]
    public async Task Cluster_ids_with_characters_keys_cannot_hold_stay_apart_from_look_alikes(string clusterId, string lookAlike)
    {
        var escaped = NewTable(clusterId);
        var plain = NewTable(lookAlike);
        await escaped.InitializeMembershipTable(true);
        await plain.InitializeMembershipTable(true);
        try
        {
            var entry = NewEntry();
            Assert.True(await escaped.InsertRow(entry, (await escaped.ReadAll()).Version.Next()));

            Assert.Equal(entry.SiloAddress, Assert.Single((await escaped.ReadAll()).Members).Item1.SiloAddress);
            Assert.Empty((await plain.ReadAll()).Members);
            Assert.Equal(0, (await plain.ReadAll()).Version.Version);
        }
        finally
        {
            await escaped.DeleteMembershipTableEntries(clusterId);
            await plain.DeleteMembershipTableEntries(lookAlike);
        }
    }

    [Fact]
    public async Task Silos_on_ipv6_addresses_round_trip()
    {
        var entry = NewEntry();
        entry.SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Parse("fe80::1"), 11111), Interlocked.Increment(ref s_generation));

        await InsertAsync(entry);

        Assert.Equal(entry.SiloAddress, Assert.Single((await Table.ReadAll()).Members).Item1.SiloAddress);
    }

    [Fact]
    public async Task A_read_that_spans_pages_while_a_write_lands_returns_one_consistent_snapshot()
    {
        for (var i = 0; i < 3; i++)
        {
            await InsertAsync(NewEntry());
        }

        var writer = NewTable(ClusterId);
        await writer.InitializeMembershipTable(false);
        var interleaved = new InterleavingTableStoreFactory(Factory, pageSize: 2, between: async () =>
            Assert.True(await writer.InsertRow(NewEntry(), (await writer.ReadAll()).Version.Next())));
        var reader = NewTable(ClusterId, interleaved);
        await reader.InitializeMembershipTable(false);

        var data = await reader.ReadAll();

        Assert.Equal(1, interleaved.Interleaved);
        Assert.Equal(4, data.Version.Version);
        Assert.Equal(4, data.Members.Count);
    }

    [Fact]
    public async Task Gateways_are_the_active_silos_that_accept_clients()
    {
        var entries = Enumerable.Range(0, 6).Select(_ => NewEntry()).ToArray();
        entries[1].Status = SiloStatus.Active;
        entries[2].Status = SiloStatus.Active;
        entries[2].ProxyPort = 0;
        entries[3].Status = SiloStatus.Active;
        entries[4].Status = SiloStatus.Dead;
        foreach (var entry in entries)
        {
            await InsertAsync(entry);
        }

        var gateways = NewGatewayListProvider(ClusterId);
        await gateways.InitializeGatewayListProvider();

        var expected = new[] { entries[1], entries[3] }.Select(e => SiloAddress.New(e.SiloAddress.Endpoint.Address, e.ProxyPort, e.SiloAddress.Generation).ToGatewayUri());
        Assert.Equal(expected.ToHashSet(), (await gateways.GetGateways()).ToHashSet());
    }

    [Fact]
    public async Task The_gateway_list_refreshes_as_often_as_the_client_s_gateway_options_say()
    {
        var gateways = NewGatewayListProvider(ClusterId, TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), gateways.MaxStaleness);
    }

    private async Task InsertAsync(MembershipEntry entry) => Assert.True(await Table.InsertRow(entry, (await Table.ReadAll()).Version.Next()));

    private TableMembershipTable NewTable(string clusterId, ITableStoreFactory? factory = null) => new(
        factory ?? Factory,
        Options.Create(new TableClusteringOptions { TableName = TableName }),
        Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "membership-tests" }),
        NullLogger<TableMembershipTable>.Instance);

    private TableGatewayListProvider NewGatewayListProvider(string clusterId, TimeSpan? refreshPeriod = null) => new(
        Factory,
        Options.Create(new TableClusteringOptions { TableName = TableName }),
        Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "membership-tests" }),
        Options.Create(new GatewayOptions { GatewayListRefreshPeriod = refreshPeriod ?? TimeSpan.FromMinutes(1) }),
        NullLogger<TableGatewayListProvider>.Instance);

    private static MembershipEntry NewEntry(SiloStatus status = SiloStatus.Joining, DateTime? time = null)
    {
        var address = NewAddress();
        return new MembershipEntry
        {
            SiloAddress = address,
            HostName = Dns.GetHostName(),
            SiloName = $"silo-{address.Generation}",
            Status = status,
            ProxyPort = address.Endpoint.Port + 1,
            StartTime = time ?? Now(),
            IAmAliveTime = time ?? Now(),
        };
    }

    private static SiloAddress NewAddress() => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 12345), Interlocked.Increment(ref s_generation));

    // Whole seconds, as stores may keep less precision than DateTime's ticks.
    private static DateTime Now() => DateTime.UnixEpoch.AddSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
}
