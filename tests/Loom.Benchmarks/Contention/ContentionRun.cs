using System.Diagnostics;
using Loom.Benchmarks.Cluster;
using Loom.Benchmarks.InProcess;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.Benchmarks.Contention;

/// <summary>
/// Many concurrent transfers in both directions over few accounts, Loom against the same transfers
/// written directly with Orleans transactions (withdraw, then deposit). A transfer that throws, or is
/// still pending after 90 s, failed; the run reports commits per second and the share that failed. Not a BenchmarkDotNet
/// benchmark: a deadlocked direct run takes tens of seconds, and one pass is the measurement.
/// </summary>
public static class ContentionRun
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(90);

    public static async Task RunAsync()
    {
        await using var cluster = await BenchmarkCluster.StartAsync();
        Console.WriteLine("| variant | accounts | transfers | committed | failed | elapsed | commits/s | failed share |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (accounts, transfers) in new[] { (2, 200), (10, 500) })
        {
            foreach (var variant in new[] { "direct", "loom" })
            {
                var ids = await cluster.OpenAccountsAsync($"{variant}-{accounts}", accounts, 1_000_000);
                var plan = Plan(ids, transfers, seed: accounts);
                var result = await MeasureAsync(plan, transfer => variant == "direct"
                    ? cluster.Grains.GetGrain<IDirectLedgerGrain>(0).TransferAsync(transfer.FromAccountId, transfer.ToAccountId, transfer.Amount)
                    : cluster.Grains.ExecuteUseCaseAsync(nameof(LedgerTransfer), payload: transfer));
                Console.WriteLine(
                    $"| {variant} | {accounts} | {transfers} | {result.Committed} | {result.Failed} | {result.Elapsed.TotalSeconds:F2} s " +
                    $"| {result.Committed / result.Elapsed.TotalSeconds:F0} | {(double)result.Failed / transfers:P0} |");
            }
        }
    }

    private static TransferCommand[] Plan(string[] accounts, int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var from = random.Next(accounts.Length);
            var to = (from + 1 + random.Next(accounts.Length - 1)) % accounts.Length;
            return new TransferCommand(accounts[from], accounts[to], 1);
        }).ToArray();
    }

    private static async Task<(int Committed, int Failed, TimeSpan Elapsed)> MeasureAsync(TransferCommand[] transfers, Func<TransferCommand, Task> transfer)
    {
        var committed = 0;
        var started = Stopwatch.GetTimestamp();
        var all = Task.WhenAll(transfers.Select(async t =>
        {
            try
            {
                await transfer(t);
                Interlocked.Increment(ref committed);
            }
            catch (Exception)
            {
                // Counted below: whatever did not commit within the cap failed.
            }
        }));
        await Task.WhenAny(all, Task.Delay(Cap));
        return (committed, transfers.Length - committed, Stopwatch.GetElapsedTime(started));
    }
}
