using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Loom.Silo.Storage.Sqlite;
using Loom.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Loom.Benchmarks.Storage;

/// <summary>
/// Writes of 200-byte rows to the SQLite table store, whose single writer commits whatever is queued
/// as one group, against the baseline of one commit per write (or per batch) on a plain connection.
/// 6,400 single rows or 25,600 rows in batches an invocation, spread over 1 or 64 concurrent callers;
/// each variant on its own file.
/// Ratios are per category and parameters, against the baseline; Op/s is rows per second.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[OperationsPerSecond]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class SqliteTableStoreBenchmarks
{
    private const int Rows = 6400;
    private const int BatchSize = 100;
    private const int BatchRows = 4 * Rows;

    private readonly byte[] _payload = new byte[200];
    private string _directory = null!;
    private SqliteTableStoreFactory _factory = null!;
    private ITableStore _table = null!;
    private SqliteCommitPerWriteBaseline _baseline = null!;
    private int _round;

    [Params(SqliteDurability.Normal, SqliteDurability.Full)]
    public SqliteDurability Durability { get; set; }

    [Params(1, 64)]
    public int Callers { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "loom-sqlite-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _factory = new SqliteTableStoreFactory(
            Options.Create(new SqliteStorageOptions { Path = Path.Combine(_directory, "group.db"), Durability = Durability }),
            NullLogger<SqliteTableStoreFactory>.Instance);
        _table = await _factory.OpenAsync("bench");
        _baseline = new SqliteCommitPerWriteBaseline(Path.Combine(_directory, "baseline.db"), Durability == SqliteDurability.Full);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _factory.DisposeAsync();
        _baseline.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [BenchmarkCategory("upsert"), Benchmark(Baseline = true, OperationsPerInvoke = Rows, Description = "one commit per write")]
    public Task CommitPerWriteUpserts() => Fan(Rows / Callers, (caller, n) => _baseline.UpsertAsync($"p{caller:D2}", $"r{n:D4}", _payload));

    [BenchmarkCategory("upsert"), Benchmark(OperationsPerInvoke = Rows, Description = "group commit")]
    public Task GroupCommitUpserts() => Fan(Rows / Callers, (caller, n) => _table.UpsertAsync(new TableRow($"p{caller:D2}", $"r{n:D4}", Properties())).AsTask());

    [BenchmarkCategory("insert batch of 100"), Benchmark(Baseline = true, OperationsPerInvoke = BatchRows, Description = "one commit per batch")]
    public Task CommitPerBatchInserts()
    {
        var round = ++_round;
        return Fan(BatchRows / BatchSize / Callers, (caller, n) => _baseline.InsertBatchAsync($"b{caller:D2}", BatchKeys(round, n), _payload));
    }

    [BenchmarkCategory("insert batch of 100"), Benchmark(OperationsPerInvoke = BatchRows, Description = "group commit")]
    public Task GroupCommitBatchInserts()
    {
        var round = ++_round;
        return Fan(BatchRows / BatchSize / Callers, (caller, n) => _table.ExecuteBatchAsync(
            BatchKeys(round, n).Select(key => TableOperation.Insert(new TableRow($"b{caller:D2}", key, Properties()))).ToList()).AsTask());
    }

    private static List<string> BatchKeys(int round, int batch) => Enumerable.Range(0, BatchSize).Select(i => $"{round:D5}-{batch:D3}-{i:D3}").ToList();

    private Task Fan(int callsPerCaller, Func<int, int, Task> call)
    {
        var callers = new Task[Callers];
        for (var caller = 0; caller < Callers; caller++)
        {
            callers[caller] = CallInTurnAsync(call, caller, callsPerCaller);
        }

        return Task.WhenAll(callers);
    }

    private static async Task CallInTurnAsync(Func<int, int, Task> call, int caller, int calls)
    {
        for (var n = 0; n < calls; n++)
        {
            await call(caller, n);
        }
    }

    private Dictionary<string, object> Properties() => new() { ["Data"] = _payload };
}
