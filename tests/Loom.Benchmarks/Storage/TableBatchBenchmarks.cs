using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Loom.Silo.Storage.AzureTables;
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
    private int _round;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _azurite = await AzuriteEmulator.StartAsync();
        _memory = await new InMemoryTableStoreFactory().OpenAsync("batches");
        _azure = await new AzureTableStoreFactory(AzureTableServiceClientFactory.Create(new AzureTableStorageOptions { ConnectionString = _azurite.ConnectionString })).OpenAsync("batches");
    }

    [GlobalCleanup]
    public Task CleanupAsync() => _azurite.DisposeAsync().AsTask();

    [Benchmark(Baseline = true, OperationsPerInvoke = Batches * BatchSize, Description = "in memory")]
    public Task InMemory() => InsertAsync(_memory);

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
