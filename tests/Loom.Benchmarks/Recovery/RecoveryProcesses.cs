using System.Diagnostics;
using System.Globalization;
using System.Net;
using Loom.Silo.Hosting;
using Loom.Testing.Processes;
using Loom.UseCases;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Loom.Benchmarks.Recovery;

/// <summary>What the recovery runs share: silo processes of the built host on a store, and an Orleans client that knows their gateways.</summary>
public static class RecoveryProcesses
{
    /// <summary>How many silo processes a recovery run starts.</summary>
    public const int Silos = 3;

    /// <summary>The index of the silo a recovery run kills.</summary>
    public const int Victim = 1;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ClientStopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A recovery run's <c>[sqlite|azurite] [seconds]</c>: sqlite and 60 s by default.</summary>
    public static (string StorageKind, int Seconds) ParseArguments(string[] arguments) =>
        (arguments.Length > 0 ? arguments[0] : "sqlite", arguments.Length > 1 ? int.Parse(arguments[1], CultureInfo.InvariantCulture) : 60);

    public static Task<SiloProcess> StartSiloAsync(RecoveryStorage storage, SiloPorts ports, string log) =>
        SiloProcess.StartAsync(typeof(LoomSiloOptions).Assembly.Location, ports, storage.SiloArguments, log, ReadyTimeout);

    public static async Task<(SiloProcess Silo, double ReadyAt)> StartTimedAsync(RecoveryStorage storage, SiloPorts ports, string log, Stopwatch clock)
    {
        var silo = await StartSiloAsync(storage, ports, log);
        return (silo, clock.Elapsed.TotalSeconds);
    }

    public static async Task<IHost> ConnectAsync(IPAddress address, SiloPorts[] ports)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(orleans => orleans.UseStaticClustering([.. ports.Select(p => new IPEndPoint(address, p.Gateway))]).UseLoom());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static async Task StopClientAsync(IHost client)
    {
        using var timeout = new CancellationTokenSource(ClientStopTimeout);
        try
        {
            await client.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine($"the client did not stop within {ClientStopTimeout.TotalSeconds:F0} s");
        }

        client.Dispose();
    }

    public static async Task DelayUntilAsync(Stopwatch clock, double second)
    {
        var remaining = TimeSpan.FromSeconds(second) - clock.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }
    }

    /// <summary>Disposes every silo process still held; a run's last step, also when it failed.</summary>
    public static async Task DisposeAllAsync(IEnumerable<SiloProcess?> silos)
    {
        foreach (var silo in silos)
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
