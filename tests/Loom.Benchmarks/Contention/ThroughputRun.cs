using System.Diagnostics;
using System.Text;
using Loom.Benchmarks.Cluster;
using Loom.Benchmarks.InProcess;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.Benchmarks.Contention;

/// <summary>
/// Sustained throughput through Orleans without contention: 64 callers, each with its own accounts,
/// make calls in a row; every variant runs once per round, rounds alternate, and the median of the
/// rounds is reported with its ratio to the baseline. Complements <see cref="ClusterBenchmarks"/>,
/// whose per-invocation timing is noisy on a shared two-core machine.
/// </summary>
public static class ThroughputRun
{
    private const int Callers = 64;
    private const int Rounds = 9;

    public static async Task RunAsync()
    {
        await using var cluster = await BenchmarkCluster.StartAsync();
        var accounts = await cluster.OpenAccountsAsync("t", 2 * Callers, 1_000_000_000);
        var reads = accounts.Select(a => Encoding.UTF8.GetBytes($$"""{"accountId":"{{a}}"}""")).ToArray();
        var direct = cluster.Grains.GetGrain<IDirectLedgerGrain>(0);
        var executor = cluster.Grains.GetGrain<IUseCaseExecutorGrain>(0);

        await CompareAsync("read", callsPerCaller: 400, [
            ("plain grain read", i => direct.GetAccountAsync(accounts[i])),
            ("Loom read-only use case", i => executor.ExecuteAsync(new UseCaseRequest(nameof(GetAccount), reads[i]))),
        ]);
        await CompareAsync("transfer", callsPerCaller: 60, [
            ("direct Orleans transaction", i => direct.TransferAsync(accounts[i], accounts[i + Callers], 1)),
            ("direct load-then-save transaction", i => direct.LoadThenSaveTransferAsync(accounts[i], accounts[i + Callers], 1)),
            ("Loom transfer", i => cluster.Grains.ExecuteUseCaseAsync(nameof(LedgerTransfer), payload: new TransferCommand(accounts[i], accounts[i + Callers], 1))),
            ("Loom transfer + notice job", i => cluster.Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(accounts[i], accounts[i + Callers], 1))),
        ]);
    }

    private static async Task CompareAsync(string category, int callsPerCaller, (string Name, Func<int, Task> Call)[] variants)
    {
        var samples = variants.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round <= Rounds; round++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                var perSecond = await MeasureAsync(variants[v].Call, callsPerCaller);
                if (round > 0)
                {
                    samples[v].Add(perSecond);
                }
            }
        }

        var medians = samples.Select(s => s.Order().ElementAt(s.Count / 2)).ToArray();
        Console.WriteLine($"| {category} | calls/s (median of {Rounds}) | min | max | ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (var v = 0; v < variants.Length; v++)
        {
            Console.WriteLine($"| {variants[v].Name} | {medians[v]:F0} | {samples[v].Min():F0} | {samples[v].Max():F0} | {medians[v] / medians[0]:F2} |");
        }

        Console.WriteLine();
    }

    private static async Task<double> MeasureAsync(Func<int, Task> call, int callsPerCaller)
    {
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async caller =>
        {
            for (var n = 0; n < callsPerCaller; n++)
            {
                await call(caller);
            }
        }));
        return Callers * callsPerCaller / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
