using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Loom.Silo.Storage.AzureTables;
using Loom.Silo.Storage.Sqlite;
using Loom.Storage;
using Loom.Storage.InMemory;
using Loom.Testing.Azurite;

namespace Loom.Benchmarks.Storage;

/// <summary>
/// Batched inserts straight through the table port, 10 batches of 100 rows of about 200 bytes per
/// invocation, on each adapter; the in-memory adapter is the baseline.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class TableBatchBenchmarks
{
    private const int Batches = 10;
    private const int BatchSize = TableRules.MaxBatchOperations;

    private static readonly Dictionary<string, object> Properties = new() { ["Payload"] = new byte[200], ["Version"] = 1 };

    private AzuriteEmulator _azurite = null!;
    private ITableStore _memory = null!;
    private ITableStore _azure = null!;
    private ITableStore _normal = null!;
    private ITableStore _full = null!;
    private SqliteTableStoreFactory _normalFile = null!;
    private SqliteTableStoreFactory _fullFile = null!;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "loom-batch-bench", Guid.NewGuid().ToString("N"));
    private int _round;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _azurite = await AzuriteEmulator.StartAsync();
        _memory = await new InMemoryTableStoreFactory().OpenAsync("batches");
        _normalFile = StorageBenchmarkSilo.Sqlite(_directory, SqliteDurability.Normal);
        _fullFile = StorageBenchmarkSilo.Sqlite(_directory, SqliteDurability.Full);
        _normal = await _normalFile.OpenAsync("batches");
        _full = await _fullFile.OpenAsync("batches");
        _azure = await new AzureTableStoreFactory(AzureTableServiceClientFactory.Create(new AzureTableStorageOptions { ConnectionString = _azurite.ConnectionString })).OpenAsync("batches");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _azurite.DisposeAsync();
        await _normalFile.DisposeAsync();
        await _fullFile.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batches * BatchSize, Description = "in memory")]
    public Task InMemory() => InsertAsync(_memory);

    [Benchmark(OperationsPerInvoke = Batches * BatchSize, Description = "SQLite Normal")]
    public Task SqliteNormal() => InsertAsync(_normal);

    [Benchmark(OperationsPerInvoke = Batches * BatchSize, Description = "SQLite Full")]
    public Task SqliteFull() => InsertAsync(_full);

    [Benchmark(OperationsPerInvoke = Batches * BatchSize, Description = "Azurite")]
    public Task Azurite() => InsertAsync(_azure);

    private async Task InsertAsync(ITableStore table)
    {
        var round = Interlocked.Increment(ref _round);
        for (var batch = 0; batch < Batches; batch++)
        {
            var partition = $"r{round}b{batch}";
            await table.ExecuteBatchAsync(Enumerable.Range(0, BatchSize).Select(i => TableOperation.Insert(new TableRow(partition, $"{i:D3}", Properties))).ToList());
        }
    }
}
