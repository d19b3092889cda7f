using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;

namespace Loom.Benchmarks.Storage;

/// <summary>
/// Grain-state writes and reads through each storage provider, in one silo and one run: Orleans'
/// in-memory storage is the baseline of every category. Each invocation touches 1,000 grains, by
/// one caller in a row or by 64 concurrent callers.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class GrainStorageBenchmarks
{
    private const int Grains = 1000;
    private const int Callers = 64;

    private StorageBenchmarkSilo _silo = null!;
    private int _round;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _silo = await StorageBenchmarkSilo.StartAsync();
        foreach (var storage in StorageBenchmarkSilo.GrainClasses)
        {
            await OneCaller(storage, (grain, _) => grain.WriteAsync(0));
        }
    }

    [GlobalCleanup]
    public Task CleanupAsync() => _silo.DisposeAsync().AsTask();

    [BenchmarkCategory("write, 1 caller"), Benchmark(Baseline = true, OperationsPerInvoke = Grains, Description = "Orleans memory")]
    public Task WriteOneOrleansMemory() => OneCaller(StorageNames.OrleansMemory, Write);

    [BenchmarkCategory("write, 1 caller"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, in memory")]
    public Task WriteOneLoomMemory() => OneCaller(StorageNames.LoomMemory, Write);

    [BenchmarkCategory("write, 1 caller"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, SQLite Normal")]
    public Task WriteOneSqliteNormal() => OneCaller(StorageNames.SqliteNormal, Write);

    [BenchmarkCategory("write, 1 caller"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, SQLite Full")]
    public Task WriteOneSqliteFull() => OneCaller(StorageNames.SqliteFull, Write);

    [BenchmarkCategory("write, 1 caller"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, Azurite")]
    public Task WriteOneAzurite() => OneCaller(StorageNames.Azurite, Write);

    [BenchmarkCategory("write, 64 callers"), Benchmark(Baseline = true, OperationsPerInvoke = Grains, Description = "Orleans memory")]
    public Task WriteManyOrleansMemory() => ManyCallers(StorageNames.OrleansMemory, Write);

    [BenchmarkCategory("write, 64 callers"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, in memory")]
    public Task WriteManyLoomMemory() => ManyCallers(StorageNames.LoomMemory, Write);

    [BenchmarkCategory("write, 64 callers"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, SQLite Normal")]
    public Task WriteManySqliteNormal() => ManyCallers(StorageNames.SqliteNormal, Write);

    [BenchmarkCategory("write, 64 callers"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, SQLite Full")]
    public Task WriteManySqliteFull() => ManyCallers(StorageNames.SqliteFull, Write);

    [BenchmarkCategory("write, 64 callers"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, Azurite")]
    public Task WriteManyAzurite() => ManyCallers(StorageNames.Azurite, Write);

    [BenchmarkCategory("read, 1 caller"), Benchmark(Baseline = true, OperationsPerInvoke = Grains, Description = "Orleans memory")]
    public Task ReadOneOrleansMemory() => OneCaller(StorageNames.OrleansMemory, Read);

    [BenchmarkCategory("read, 1 caller"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, in memory")]
    public Task ReadOneLoomMemory() => OneCaller(StorageNames.LoomMemory, Read);

    [BenchmarkCategory("read, 1 caller"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, SQLite Normal")]
    public Task ReadOneSqliteNormal() => OneCaller(StorageNames.SqliteNormal, Read);

    [BenchmarkCategory("read, 1 caller"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, SQLite Full")]
    public Task ReadOneSqliteFull() => OneCaller(StorageNames.SqliteFull, Read);

    [BenchmarkCategory("read, 1 caller"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, Azurite")]
    public Task ReadOneAzurite() => OneCaller(StorageNames.Azurite, Read);

    [BenchmarkCategory("read, 64 callers"), Benchmark(Baseline = true, OperationsPerInvoke = Grains, Description = "Orleans memory")]
    public Task ReadManyOrleansMemory() => ManyCallers(StorageNames.OrleansMemory, Read);

    [BenchmarkCategory("read, 64 callers"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, in memory")]
    public Task ReadManyLoomMemory() => ManyCallers(StorageNames.LoomMemory, Read);

    [BenchmarkCategory("read, 64 callers"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, SQLite Normal")]
    public Task ReadManySqliteNormal() => ManyCallers(StorageNames.SqliteNormal, Read);

    [BenchmarkCategory("read, 64 callers"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, SQLite Full")]
    public Task ReadManySqliteFull() => ManyCallers(StorageNames.SqliteFull, Read);

    [BenchmarkCategory("read, 64 callers"), Benchmark(OperationsPerInvoke = Grains, Description = "Loom tables, Azurite")]
    public Task ReadManyAzurite() => ManyCallers(StorageNames.Azurite, Read);

    private Task Write(IStateGrain grain, int _) => grain.WriteAsync(Interlocked.Increment(ref _round));

    private static Task Read(IStateGrain grain, int _) => grain.ReadAsync();

    private async Task OneCaller(string storage, Func<IStateGrain, int, Task> call)
    {
        for (var i = 0; i < Grains; i++)
        {
            await call(_silo.Grain(storage, i), i);
        }
    }

    private Task ManyCallers(string storage, Func<IStateGrain, int, Task> call) =>
        Task.WhenAll(Enumerable.Range(0, Callers).Select(async caller =>
        {
            for (var i = caller; i < Grains; i += Callers)
            {
                await call(_silo.Grain(storage, i), i);
            }
        }));
}
