using System.Diagnostics;
using System.Runtime;
using System.Text;
using Loom.Benchmarks.Cluster;
using Loom.Benchmarks.InProcess;
using Loom.Jobs;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.Benchmarks.Contention;

/// <summary>
/// Sustained throughput through Orleans without contention: 64 callers, each with its own accounts,
/// make calls in a row; every variant runs once per round, in an order that rotates from round to
/// round, after untimed rounds that let the JIT compiler settle. A variant's ratio to the baseline is
/// the median of its per-round ratios: a round's variants run seconds apart, under the same load from
/// the machine and from Orleans' pending transaction timers. The process's CPU time per call is
/// reported too, including the work Orleans does after the last reply: with other work on the
/// machine it moves far less than throughput does. Complements
/// <see cref="ClusterBenchmarks"/>, whose per-invocation timing is noisy on a shared two-core machine.
/// </summary>
public static class ThroughputRun
{
    private const int Callers = 64;
    private const int Rounds = 15;
    private const int MinWarmUpRounds = 2;
    private const int MaxWarmUpRounds = 8;

    /// <summary>The share of a warm-up round's wall time the JIT compiler may take once it has settled.</summary>
    private const double SettledJitShare = 0.03;
    private static readonly TimeSpan Settling = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Each comparison gets clusters of its own, so that one comparison's activations and transaction
    /// state do not weigh on the next.
    /// </summary>
    public static async Task RunAsync()
    {
        await CompareReadsAsync();
        await CompareTransfersAsync();
        await CompareTransfersWithJobsAsync();
        await CompareIdempotencyAsync();
    }

    /// <summary>
    /// What an idempotency key costs a transfer: the receipt is written with the payer or payee account
    /// it anchors on, which every caller here keeps busy, so that receipts keep being moved out to the
    /// table and every call reads that table first. A transfer that writes a third, active account tells
    /// what one more transaction participant would cost, which an anchor on a looked-up entity avoids.
    /// With <paramref name="sqlite"/> the tables live in an embedded SQLite file, the silo's default
    /// store, whose single writer also carries the moved receipts; otherwise in memory.
    /// </summary>
    public static async Task CompareIdempotencyAsync(bool sqlite = false)
    {
        var folder = sqlite ? Directory.CreateTempSubdirectory("loom-throughput-") : null;
        try
        {
            await using var cluster = await BenchmarkCluster.StartAsync(sqliteFile: folder is null ? null : Path.Combine(folder.FullName, "loom.db"));
            // Each variant has accounts of its own: receipts stay in an anchor's state for the retention,
            // so a transfer without a key on accounts that anchored keyed calls would carry theirs.
            var accounts = await cluster.OpenAccountsAsync("t", 2 * Callers, 1_000_000_000);
            var withFee = await cluster.OpenAccountsAsync("f", 3 * Callers, 1_000_000_000);
            var keyed = await cluster.OpenAccountsAsync("k", 2 * Callers, 1_000_000_000);
            await CompareAsync($"transfer with an idempotency key ({(sqlite ? "SQLite" : "in memory")})", callsPerCaller: 120, [
                ("Loom transfer", i => cluster.Grains.ExecuteUseCaseAsync(nameof(LedgerTransfer), payload: new TransferCommand(accounts[i], accounts[i + Callers], 1))),
                ("Loom transfer that also writes a third, active account", i => cluster.Grains.ExecuteUseCaseAsync(
                    nameof(LedgerTransferWithFee), payload: new FeeTransferCommand(withFee[i], withFee[i + Callers], withFee[i + (2 * Callers)], 1))),
                ("Loom transfer, a new idempotency key per call", i => cluster.Grains.ExecuteUseCaseAsync(
                    nameof(LedgerTransfer), payload: new TransferCommand(keyed[i], keyed[i + Callers], 1), idempotencyKey: Guid.NewGuid().ToString("N"))),
            ]);
        }
        finally
        {
            folder?.Delete(recursive: true);
        }
    }

    private static async Task CompareReadsAsync()
    {
        await using var cluster = await BenchmarkCluster.StartAsync();
        var accounts = await cluster.OpenAccountsAsync("t", Callers, 1_000_000_000);
        var reads = accounts.Select(a => Encoding.UTF8.GetBytes($$"""{"accountId":"{{a}}"}""")).ToArray();
        var ledger = cluster.Grains.GetGrain<IDirectLedgerGrain>(0);
        var executor = cluster.Grains.GetGrain<IUseCaseExecutorGrain>(0);
        await CompareAsync("read", callsPerCaller: 400, [
            ("plain grain read", i => ledger.GetAccountAsync(accounts[i])),
            ("Loom read-only use case", i => executor.ExecuteAsync(new UseCaseRequest(nameof(GetAccount), reads[i]))),
        ]);
    }

    private static async Task CompareTransfersAsync()
    {
        await using var cluster = await BenchmarkCluster.StartAsync();
        var accounts = await cluster.OpenAccountsAsync("t", 2 * Callers, 1_000_000_000);
        // The baselines that write entity grains directly get accounts of their own: writes behind the
        // silo's back would make Loom's entity snapshots stale, which is not what this run measures.
        var direct = await cluster.OpenAccountsAsync("d", 2 * Callers, 1_000_000_000);
        var ledger = cluster.Grains.GetGrain<IDirectLedgerGrain>(0);
        await using var withoutSnapshots = await BenchmarkCluster.StartAsync(entitySnapshots: false);
        var locked = await withoutSnapshots.OpenAccountsAsync("t", 2 * Callers, 1_000_000_000);
        await CompareAsync("transfer", callsPerCaller: 120, [
            ("direct Orleans transaction", i => ledger.TransferAsync(accounts[i], accounts[i + Callers], 1)),
            ("direct write-only transaction", i => ledger.SaveOnlyTransferAsync(direct[i], direct[i + Callers], 1)),
            ("direct load-then-save transaction", i => ledger.LoadThenSaveTransferAsync(direct[i], direct[i + Callers], 1)),
            ("Loom transfer", i => cluster.Grains.ExecuteUseCaseAsync(nameof(LedgerTransfer), payload: new TransferCommand(accounts[i], accounts[i + Callers], 1))),
            ("Loom transfer, entities read under locks (snapshots off)", i => withoutSnapshots.Grains.ExecuteUseCaseAsync(nameof(LedgerTransfer), payload: new TransferCommand(locked[i], locked[i + Callers], 1))),
        ]);
    }

    /// <summary>What a notice job costs a transfer, counting the job's own run: each job leaves its partition in the transaction that runs it.</summary>
    public static async Task CompareTransfersWithJobsAsync()
    {
        await using var cluster = await BenchmarkCluster.StartAsync();
        var accounts = await cluster.OpenAccountsAsync("t", 2 * Callers, 1_000_000_000);
        await CompareAsync("transfer with its notice job", callsPerCaller: 20, [
            ("Loom transfer", i => cluster.Grains.ExecuteUseCaseAsync(nameof(LedgerTransfer), payload: new TransferCommand(accounts[i], accounts[i + Callers], 1))),
            ("Loom transfer + notice job, until every job has run", i => cluster.Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(accounts[i], accounts[i + Callers], 1))),
        ], settle: () => JobsRunAsync(cluster));
    }

    /// <summary>Waits until the outbox holds no job, so that no round pays for jobs another round dispatched.</summary>
    private static async Task JobsRunAsync(BenchmarkCluster cluster)
    {
        var monitor = cluster.Grains.GetGrain<IJobMonitorGrain>(0);
        while ((await monitor.GetPendingAsync()).Count > 0)
        {
            await Task.Delay(20);
        }
    }

    private static async Task CompareAsync(string category, int callsPerCaller, (string Name, Func<int, Task> Call)[] variants, Func<Task>? settle = null)
    {
        var warmUpRounds = await WarmUpAsync(variants, callsPerCaller, settle);
        var rates = variants.Select(_ => new List<double>()).ToArray();
        var cpu = variants.Select(_ => new List<double>()).ToArray();
        var jitBefore = JitInfo.GetCompilationTime();
        for (var round = 0; round < Rounds; round++)
        {
            // Each round starts one variant later, so that no variant always follows the same one.
            for (var step = 0; step < variants.Length; step++)
            {
                var v = (round + step) % variants.Length;
                CollectGarbage();
                var (perSecond, cpuMicroseconds) = await MeasureAsync(variants[v].Call, callsPerCaller, settle);
                rates[v].Add(perSecond);
                cpu[v].Add(cpuMicroseconds);
            }
        }

        Console.WriteLine(
            $"{category}: {warmUpRounds} warm-up rounds; the JIT compiler then ran {(JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds:F0} ms " +
            "during the measured rounds.");
        Console.WriteLine(
            $"| {category} | calls/s (median of {Rounds}) | min | max | ratio (median of rounds) " +
            "| CPU µs per call | CPU ratio (baseline ÷ variant, median of rounds) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        for (var v = 0; v < variants.Length; v++)
        {
            var rateRatio = Median(rates[v].Zip(rates[0], (variant, baseline) => variant / baseline).ToList());
            var cpuRatio = Median(cpu[v].Zip(cpu[0], (variant, baseline) => baseline / variant).ToList());
            Console.WriteLine(
                $"| {variants[v].Name} | {Median(rates[v]):F0} | {rates[v].Min():F0} | {rates[v].Max():F0} | {rateRatio:F2} " +
                $"| {Median(cpu[v]):F0} | {cpuRatio:F2} |");
        }

        Console.WriteLine();
    }

    /// <summary>
    /// Runs rounds untimed until the JIT compiler has settled: tiered compilation with dynamic PGO
    /// compiles some 13,000 methods in the first round and keeps recompiling hot ones for several
    /// more, and its CPU lands on whichever variant happens to be running.
    /// </summary>
    private static async Task<int> WarmUpAsync((string Name, Func<int, Task> Call)[] variants, int callsPerCaller, Func<Task>? settle)
    {
        var round = 0;
        while (true)
        {
            var jitBefore = JitInfo.GetCompilationTime();
            var started = Stopwatch.GetTimestamp();
            foreach (var (_, call) in variants)
            {
                await MeasureAsync(call, callsPerCaller, settle);
            }

            round++;
            var jitShare = (JitInfo.GetCompilationTime() - jitBefore) / Stopwatch.GetElapsedTime(started);
            if (round >= MaxWarmUpRounds || (round >= MinWarmUpRounds && jitShare < SettledJitShare))
            {
                return round;
            }
        }
    }

    private static double Median(List<double> samples) => samples.Order().ElementAt(samples.Count / 2);

    /// <summary>Collects the previous variant's garbage before the next one is timed, as BenchmarkDotNet does between iterations.</summary>
    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Times the calls and then <paramref name="settle"/>: the work a call leaves behind counts as its own.</summary>
    private static async Task<(double PerSecond, double CpuMicroseconds)> MeasureAsync(Func<int, Task> call, int callsPerCaller, Func<Task>? settle)
    {
        var calls = Callers * callsPerCaller;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async caller =>
        {
            for (var n = 0; n < callsPerCaller; n++)
            {
                await call(caller);
            }
        }));
        if (settle is not null)
        {
            await settle();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        // Orleans finishes a transaction after its caller has the reply (confirmations, state writes):
        // that work is the call's too, so the CPU count waits for it.
        await Task.Delay(Settling);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return (calls / elapsed.TotalSeconds, cpu.TotalMicroseconds / calls);
    }
}
