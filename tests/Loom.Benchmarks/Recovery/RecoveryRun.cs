using System.Diagnostics;
using System.Net;
using Loom.Samples.Ledger;
using Loom.Silo.Hosting;
using Loom.Testing.Processes;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Loom.Benchmarks.Recovery;

/// <summary>
/// How a cluster of three real silo processes on one store rides out one of them being killed with SIGKILL
/// under transfer load: silo #2 is killed at a third of the run and started again (same ports, same store)
/// at two thirds, while 64 callers move money between 20 accounts through one Orleans client that knows all
/// three gateways. Reports throughput second by second, how fast it came back, the failures, whether the
/// money adds up afterwards, whether every acknowledged transfer's notice job ran, and how long each silo
/// takes to stop on SIGTERM. Keyed, every transfer carries an idempotency key and a call whose outcome is
/// unknown, or that gave up on conflicts, is sent again with it, so that afterwards every account's
/// balance is explained exactly.
/// </summary>
public static class RecoveryRun
{
    private const int Callers = 64;
    private const int Accounts = 20;
    private const decimal Opening = 1_000_000;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan TerminateCap = TimeSpan.FromSeconds(30);

    /// <summary>Runs with <c>[sqlite|azurite] [seconds]</c>; sqlite and 60 s by default.</summary>
    public static async Task RunAsync(string[] arguments, bool keyed)
    {
        var (storageKind, seconds) = RecoveryProcesses.ParseArguments(arguments);
        var folder = Directory.CreateTempSubdirectory("loom-recovery-").FullName;
        Console.WriteLine(
            $"recovery: {RecoveryProcesses.Silos} silo processes on {storageKind}, {seconds} s, {Callers} callers over {Accounts} accounts" +
            (keyed ? ", every transfer under an idempotency key and sent again while its outcome is unknown" : ""));
        Console.WriteLine($"logs and files: {folder}");

        await using var storage = await RecoveryStorage.StartAsync(storageKind, folder);
        Console.WriteLine($"storage: {storage.Description}");
        var ports = Enumerable.Range(0, RecoveryProcesses.Silos).Select(_ => SiloPorts.Free()).ToArray();
        var silos = new SiloProcess?[RecoveryProcesses.Silos];
        Task<(SiloProcess Silo, double ReadyAt)>? restarting = null;
        IHost? client = null;
        try
        {
            for (var i = 0; i < RecoveryProcesses.Silos; i++)
            {
                silos[i] = await RecoveryProcesses.StartSiloAsync(storage, ports[i], Path.Combine(folder, $"silo{i + 1}.log"));
                Console.WriteLine($"silo #{i + 1}: pid {silos[i]!.Pid}, ports http {ports[i].Http} silo {ports[i].Silo} gateway {ports[i].Gateway}");
            }

            var gateway = await GatewayAddress.FindAsync(ports[0].Gateway);
            Console.WriteLine($"gateways listen on {gateway}");
            client = await RecoveryProcesses.ConnectAsync(gateway, ports);
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var accounts = await OpenAccountsAsync(grains);
            var victim = await DeathWatch.FindActiveAsync(grains, ports[RecoveryProcesses.Victim].Silo);
            Console.WriteLine($"opened {Accounts} accounts of {Opening}; silo #{RecoveryProcesses.Victim + 1} is {victim}");
            Console.WriteLine();

            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource();
            var load = new TransferLoad(grains, accounts, clock, keyed);
            load.Start(Callers, stop.Token);

            await RecoveryProcesses.DelayUntilAsync(clock, seconds / 3.0);
            var killAt = clock.Elapsed.TotalSeconds;
            var killUtc = DateTime.UtcNow;
            silos[RecoveryProcesses.Victim]!.Kill();
            using var stopWatching = new CancellationTokenSource();
            var watch = new DeathWatch(grains, victim, clock);
            var watching = watch.RunAsync(stopWatching.Token);

            await RecoveryProcesses.DelayUntilAsync(clock, 2 * seconds / 3.0);
            var restartAt = clock.Elapsed.TotalSeconds;
            await silos[RecoveryProcesses.Victim]!.DisposeAsync();
            silos[RecoveryProcesses.Victim] = null;
            restarting = RecoveryProcesses.StartTimedAsync(storage, ports[RecoveryProcesses.Victim], Path.Combine(folder, $"silo{RecoveryProcesses.Victim + 1}-restarted.log"), clock);

            await RecoveryProcesses.DelayUntilAsync(clock, seconds);
            await stop.CancelAsync();
            var drained = await load.DrainAsync(DrainTimeout);
            double? readyAt = null;
            string? restartError = null;
            try
            {
                (silos[RecoveryProcesses.Victim], readyAt) = await restarting;
            }
            catch (InvalidOperationException error)
            {
                restartError = error.Message;
            }

            restarting = null;
            await stopWatching.CancelAsync();
            await watching;

            var calls = load.Calls;
            var timeline = new RecoveryTimeline(
                seconds, killAt, killUtc, restartAt, readyAt, restartError, watch.DeadAt, watch.Polls, watch.FailedPolls);
            RecoveryReport.PrintPerSecond(calls, timeline);
            RecoveryReport.PrintRecovery(calls, timeline);
            RecoveryReport.PrintFailures(calls, load.Unanswered, load.FirstMessages);
            if (!drained)
            {
                Console.WriteLine($"{load.Unanswered} calls were still unanswered {DrainTimeout.TotalSeconds:F0} s after the load stopped");
            }

            var (balances, readFailures) = await LedgerAudit.ReadAsync(grains, accounts);
            RecoveryReport.PrintAudit(accounts, Opening, load.Deltas, balances, readFailures, load.LeftUnknown + load.Unanswered);
            var notices = await NoticeAudit.CheckAsync(grains, load.Acknowledged);
            Console.WriteLine(
                $"notice jobs: {notices.Recorded} of {load.Acknowledged.Count} acknowledged transfers have their notice as dispatched; " +
                $"{notices.Missing} missing, {notices.Different} different; {notices.Pending} jobs still pending, {notices.Failed} failed");

            await RecoveryProcesses.StopClientAsync(client);
            client = null;
            var exits = new List<(string, TimeSpan, bool)>();
            for (var i = 0; i < RecoveryProcesses.Silos; i++)
            {
                if (silos[i] is { HasExited: false } silo)
                {
                    var (elapsed, exited) = await silo.TerminateAsync(TerminateCap);
                    exits.Add(($"silo #{i + 1}{(i == RecoveryProcesses.Victim ? " (restarted)" : "")}", elapsed, exited));
                }
            }

            RecoveryReport.PrintShutdown(exits);
        }
        finally
        {
            if (client is not null)
            {
                await RecoveryProcesses.StopClientAsync(client);
            }

            if (restarting is not null)
            {
                try
                {
                    (silos[RecoveryProcesses.Victim], _) = await restarting;
                }
                catch (InvalidOperationException)
                {
                    // The restarted silo never became ready; StartAsync has already stopped it.
                }
            }

            await RecoveryProcesses.DisposeAllAsync(silos);
        }
    }

    private static async Task<string[]> OpenAccountsAsync(IGrainFactory grains)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var accounts = Enumerable.Range(0, Accounts).Select(i => $"rec-{run}-{i:00}").ToArray();
        foreach (var account in accounts)
        {
            await grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new { accountId = account, owner = "recovery", initialDeposit = Opening });
        }

        return accounts;
    }
}
