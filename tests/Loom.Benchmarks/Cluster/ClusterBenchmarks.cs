using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Loom.Benchmarks.InProcess;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.Benchmarks.Cluster;

/// <summary>
/// Through Orleans, in one in-process cluster, 64 callers each making 10 calls in a row: a read-only
/// use case through the executor grain against a plain grain doing the same read, and an uncontended
/// transfer (each caller has its own pair of accounts) through the executor against the same
/// transfer written directly with Orleans transactions. Ratios are per category, against its baseline.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MemoryDiagnoser]
public class ClusterBenchmarks
{
    private const int Concurrency = 64;
    private const int CallsPerCaller = 10;
    private const int Operations = Concurrency * CallsPerCaller;

    private BenchmarkCluster _cluster = null!;
    private string[] _accounts = null!;
    private byte[][] _readParameters = null!;
    private IUseCaseExecutorGrain _executor = null!;
    private IDirectLedgerGrain _direct = null!;
    private int _round;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _cluster = await BenchmarkCluster.StartAsync();
        _accounts = await _cluster.OpenAccountsAsync("acc", 2 * Concurrency, 1_000_000_000);
        _readParameters = _accounts.Select(a => Encoding.UTF8.GetBytes($$"""{"accountId":"{{a}}"}""")).ToArray();
        _executor = _cluster.Grains.GetUseCaseExecutor();
        _direct = _cluster.Grains.GetGrain<IDirectLedgerGrain>(0);
    }

    [GlobalCleanup]
    public Task CleanupAsync() => _cluster.DisposeAsync().AsTask();

    [BenchmarkCategory("read"), Benchmark(Baseline = true, OperationsPerInvoke = Operations, Description = "plain grain read")]
    public Task DirectRead() => Fan(i => _direct.GetAccountAsync(_accounts[i]));

    [BenchmarkCategory("read"), Benchmark(OperationsPerInvoke = Operations, Description = "Loom read-only use case")]
    public Task LoomRead() => Fan(i => _executor.ExecuteAsync(new UseCaseRequest(nameof(GetAccount), _readParameters[i])));

    [BenchmarkCategory("transfer"), Benchmark(Baseline = true, OperationsPerInvoke = Operations, Description = "direct Orleans transaction")]
    public Task DirectTransfer() => Fan(i => Pair(i) is var (from, to) ? _direct.TransferAsync(from, to, 1) : Task.CompletedTask);

    [BenchmarkCategory("transfer"), Benchmark(OperationsPerInvoke = Operations, Description = "direct load-then-save transaction")]
    public Task DirectLoadThenSaveTransfer() => Fan(i => Pair(i) is var (from, to) ? _direct.LoadThenSaveTransferAsync(from, to, 1) : Task.CompletedTask);

    [BenchmarkCategory("transfer"), Benchmark(OperationsPerInvoke = Operations, Description = "Loom transfer")]
    public Task LoomTransfer() => Fan(i => Pair(i) is var (from, to)
        ? _cluster.Grains.ExecuteUseCaseAsync(nameof(LedgerTransfer), payload: new TransferCommand(from, to, 1))
        : Task.CompletedTask);

    [BenchmarkCategory("transfer"), Benchmark(OperationsPerInvoke = Operations, Description = "Loom transfer + notice job")]
    public Task LoomTransferWithJob() => Fan(i => Pair(i) is var (from, to)
        ? _cluster.Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(from, to, 1))
        : Task.CompletedTask);

    /// <summary>Caller i uses accounts i and i + 64 only, so no two concurrent transfers share an account.</summary>
    private (string From, string To) Pair(int i) =>
        (_round & 1) == 0 ? (_accounts[i], _accounts[i + Concurrency]) : (_accounts[i + Concurrency], _accounts[i]);

    private Task Fan(Func<int, Task> call)
    {
        _round++;
        var callers = new Task[Concurrency];
        for (var i = 0; i < Concurrency; i++)
        {
            callers[i] = CallInTurnAsync(call, i);
        }

        return Task.WhenAll(callers);
    }

    private static async Task CallInTurnAsync(Func<int, Task> call, int caller)
    {
        for (var n = 0; n < CallsPerCaller; n++)
        {
            await call(caller);
        }
    }
}
