using System.Diagnostics;
using System.Text.Json;
using Loom.Runs;
using Loom.Samples.Ledger;
using Loom.Samples.Statements;
using Loom.Testing.Processes;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Loom.Benchmarks.Recovery;

/// <summary>
/// How durable runs ride out the loss of a silo: three silo processes on one store run the sample's
/// month-end statement runs, started by one client at a steady pace (each waits out one failed delivery
/// and a 2 s retry, so a few dozen are in flight at any time); silo #2 is killed with SIGKILL at a third
/// of the run and not started again; starts stop at two thirds, and the run waits until every run ended.
/// Reports how long runs took before the kill (the baseline), how long after the kill the runs in flight
/// at that moment took to end, and how many failed or never ended.
/// </summary>
public static class RunRecoveryRun
{
    private const int Accounts = 5;
    private static readonly TimeSpan StartEvery = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan EndTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StartRetries = TimeSpan.FromSeconds(60);
    private static readonly RunConfig Config = new(ExecutionMode.Sequential, new RetryPolicy(3, BackoffKind.Fixed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)));

    /// <summary>Runs with <c>[sqlite|azurite] [seconds]</c>; sqlite and 60 s by default.</summary>
    public static async Task RunAsync(string[] arguments)
    {
        var (storageKind, seconds) = RecoveryProcesses.ParseArguments(arguments);
        var folder = Directory.CreateTempSubdirectory("loom-run-recovery-").FullName;
        Console.WriteLine($"run recovery: {RecoveryProcesses.Silos} silo processes on {storageKind}, {seconds} s, a run started every {StartEvery.TotalMilliseconds:F0} ms");
        Console.WriteLine($"logs and files: {folder}");

        await using var storage = await RecoveryStorage.StartAsync(storageKind, folder);
        var ports = Enumerable.Range(0, RecoveryProcesses.Silos).Select(_ => SiloPorts.Free()).ToArray();
        var silos = new SiloProcess?[RecoveryProcesses.Silos];
        IHost? client = null;
        try
        {
            for (var i = 0; i < RecoveryProcesses.Silos; i++)
            {
                silos[i] = await RecoveryProcesses.StartSiloAsync(storage, ports[i], Path.Combine(folder, $"silo{i + 1}.log"));
            }

            client = await RecoveryProcesses.ConnectAsync(await GatewayAddress.FindAsync(ports[0].Gateway), ports);
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var inputs = await OpenAccountsAsync(grains);
            var victim = await DeathWatch.FindActiveAsync(grains, ports[RecoveryProcesses.Victim].Silo);

            var clock = Stopwatch.StartNew();
            using var stopPolling = new CancellationTokenSource();
            var runs = new TrackedRuns(grains, clock, stopPolling.Token);
            using var stopStarting = new CancellationTokenSource();
            var startFailures = 0;
            var starting = StartRunsAsync(grains, inputs, runs, clock, () => Interlocked.Increment(ref startFailures), stopStarting.Token);

            await RecoveryProcesses.DelayUntilAsync(clock, seconds / 3.0);
            var killAt = clock.Elapsed.TotalSeconds;
            silos[RecoveryProcesses.Victim]!.Kill();
            using var stopWatching = new CancellationTokenSource();
            var watch = new DeathWatch(grains, victim, clock);
            var watching = watch.RunAsync(stopWatching.Token);

            await RecoveryProcesses.DelayUntilAsync(clock, 2 * seconds / 3.0);
            await stopStarting.CancelAsync();
            await starting;
            for (var deadline = clock.Elapsed + EndTimeout; !runs.AllEnded && clock.Elapsed < deadline;)
            {
                await Task.Delay(250);
            }

            await stopPolling.CancelAsync();
            await runs.StoppedAsync();
            await stopWatching.CancelAsync();
            await watching;
            Report(runs, killAt, watch.DeadAt, startFailures);
            await RecoveryProcesses.StopClientAsync(client);
            client = null;
        }
        finally
        {
            if (client is not null)
            {
                await RecoveryProcesses.StopClientAsync(client);
            }

            await RecoveryProcesses.DisposeAllAsync(silos);
        }
    }

    private static async Task StartRunsAsync(IGrainFactory grains, string inputs, TrackedRuns runs, Stopwatch clock, Action failed, CancellationToken stop)
    {
        var request = RunManifestIdentity.StartRequest(new RunManifest(StatementRunServiceCollectionExtensions.OperationId, Config, inputs));
        using var timer = new PeriodicTimer(StartEvery);
        var starts = new List<Task>();
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                starts.Add(StartAsync());
            }
        }
        catch (OperationCanceledException)
        {
            // Starting stops.
        }

        await Task.WhenAll(starts);

        // A start whose answer was lost may have started the run: starting it again with the same
        // manifest is safe, and answers its status, so every run that exists is tracked.
        async Task StartAsync()
        {
            var runId = $"rr-{Guid.NewGuid():N}";
            var at = clock.Elapsed.TotalSeconds;
            for (var deadline = clock.Elapsed + StartRetries; ; await Task.Delay(250))
            {
                try
                {
                    await grains.GetGrain<IRunGrain>(runId).StartAsync(request);
                    runs.Started(runId, at);
                    return;
                }
                catch (Exception) when (clock.Elapsed < deadline)
                {
                    failed();
                }
            }
        }
    }

    private static void Report(TrackedRuns tracked, double killAt, double? deadAt, int startFailures)
    {
        var runs = tracked.Runs;
        var before = runs.Where(r => r.EndedAt < killAt).Select(r => r.EndedAt!.Value - r.StartedAt).ToList();
        var inFlight = runs.Where(r => r.StartedAt < killAt && !(r.EndedAt < killAt)).ToList();
        var afterKill = inFlight.Where(r => r.EndedAt is not null).Select(r => r.EndedAt!.Value - killAt).ToList();
        Console.WriteLine();
        Console.WriteLine($"killed silo #{RecoveryProcesses.Victim + 1} at {killAt:F2} s; declared Dead {(deadAt is { } dead ? $"{dead - killAt:F2} s after the kill" : "never seen")}");
        Console.WriteLine($"runs started: {runs.Count} ({startFailures} start calls failed and were sent again); ended: " +
            string.Join(", ", runs.Where(r => r.Phase is not null).GroupBy(r => r.Phase).Select(g => $"{g.Count()} {g.Key}")) +
            $"; never seen ended: {runs.Count(r => r.EndedAt is null)}; failed status polls: {tracked.FailedPolls}");
        Console.WriteLine();
        Console.WriteLine("| runs | count | p50 s | p90 s | max s |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| ended before the kill: start to end (baseline) | {before.Count} | {Percentile(before, 0.5):F2} | {Percentile(before, 0.9):F2} | {Percentile(before, 1):F2} |");
        Console.WriteLine($"| in flight at the kill: kill to end | {afterKill.Count} of {inFlight.Count} | {Percentile(afterKill, 0.5):F2} | {Percentile(afterKill, 0.9):F2} | {Percentile(afterKill, 1):F2} |");
        if (afterKill.Count > 0 && before.Count > 0)
        {
            Console.WriteLine($"the last run in flight at the kill ended {Percentile(afterKill, 1):F2} s after it, {Percentile(afterKill, 1) / Percentile(before, 0.5):F1} times a run's usual length");
        }
    }

    private static double Percentile(List<double> values, double share)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static async Task<string> OpenAccountsAsync(IGrainFactory grains)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var accounts = Enumerable.Range(0, Accounts).Select(i => $"rr-{run}-{i}").ToArray();
        foreach (var account in accounts)
        {
            await grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new { accountId = account, owner = "statements", initialDeposit = 100 });
        }

        return JsonSerializer.Serialize(new { month = "2026-11", accounts });
    }
}
