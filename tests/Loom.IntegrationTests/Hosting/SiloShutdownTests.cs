using System.Net.Http.Json;
using Loom.IntegrationTests.Storage.Sqlite;
using Loom.Silo.Clustering;
using Loom.Silo.Hosting;
using Loom.Testing.Processes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Loom.IntegrationTests.Hosting;

/// <summary>
/// SIGTERM, as Container Apps sends on every revision and scale-in: a silo under load leaves the
/// cluster and exits by itself within its shutdown timeout.
/// </summary>
public sealed class SiloShutdownTests : IDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);
    private readonly SqliteTempFile _file = new();

    [Fact]
    public async Task A_silo_under_load_given_SIGTERM_leaves_the_cluster_and_exits_within_its_shutdown_timeout()
    {
        var folder = Path.GetDirectoryName(_file.Path)!;
        Directory.CreateDirectory(folder);
        var ports = SiloPorts.Free();
        await using var silo = await SiloProcess.StartAsync(
            typeof(LoomSiloOptions).Assembly.Location,
            ports,
            ["--Loom:Storage:Sqlite:Path", _file.Path, "--Loom:Silo:ShutdownTimeout", ShutdownTimeout.ToString()],
            Path.Combine(folder, "silo.log"),
            TimeSpan.FromSeconds(90));
        using var http = silo.CreateHttpClient(TimeSpan.FromSeconds(30));
        var accounts = Enumerable.Range(0, 8).Select(_ => Ledger.NewId()).ToArray();
        foreach (var account in accounts)
        {
            await http.PostAsJsonAsync("/api/usecases/OpenAccount", new { payload = new { accountId = account, owner = "Sig", initialDeposit = 1_000 } });
        }

        using var stop = new CancellationTokenSource();
        var load = accounts.Select(account => DepositUntilAsync(http, account, stop.Token)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var (_, exitedOnItsOwn) = await silo.TerminateAsync(ShutdownTimeout + TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.True(exitedOnItsOwn, $"the silo was still running {ShutdownTimeout.TotalSeconds + 10} s after SIGTERM; see {silo.LogPath}");
        Assert.Equal(0, silo.ExitCode);
        Assert.Equal(SiloStatus.Dead, await StatusInMembershipAsync(ports.Silo));
    }

    public void Dispose() => _file.Dispose();

    private static async Task DepositUntilAsync(HttpClient http, string account, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await http.PostAsJsonAsync("/api/usecases/Deposit", new { payload = new { accountId = account, amount = 1 } }, stop);
            }
            catch (Exception error) when (error is HttpRequestException or OperationCanceledException)
            {
                // The silo is going away under the caller, which is what this test is about.
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private async Task<SiloStatus> StatusInMembershipAsync(int siloPort)
    {
        await using var tables = _file.Open();
        var membership = new TableMembershipTable(
            tables,
            Options.Create(new TableClusteringOptions()),
            Options.Create(new ClusterOptions()),
            NullLogger<TableMembershipTable>.Instance);
        await membership.InitializeMembershipTable(false);
        var rows = await membership.ReadAll();
        return rows.Members.Single(row => row.Item1.SiloAddress.Endpoint.Port == siloPort).Item1.Status;
    }
}
