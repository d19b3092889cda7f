using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Loom.Entities;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.Benchmarks.Cluster;

/// <summary>
/// Making a grain reference, as every entity read and write and every client call does: Orleans'
/// <c>GetGrain</c> against Loom's once-resolved references, for an entity grain (a generic
/// interface) and for the executor grain.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MemoryDiagnoser]
public class GrainReferenceBenchmarks
{
    private const string Key = "acc-1";

    private BenchmarkCluster _cluster = null!;
    private IGrainFactory _grains = null!;
    private GrainReferences<IEntityGrain<Account>> _entities = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _cluster = await BenchmarkCluster.StartAsync();
        _grains = _cluster.Grains;
        _entities = new GrainReferences<IEntityGrain<Account>>(_grains);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _cluster.DisposeAsync();

    [Benchmark(Baseline = true, Description = "GetGrain")]
    [BenchmarkCategory("entity grain")]
    public IEntityGrain<Account> EntityByGetGrain() => _grains.GetGrain<IEntityGrain<Account>>(Key);

    [Benchmark(Description = "Loom references")]
    [BenchmarkCategory("entity grain")]
    public IEntityGrain<Account> EntityByReferences() => _entities.Get(Key);

    [Benchmark(Baseline = true, Description = "GetGrain")]
    [BenchmarkCategory("executor grain")]
    public IUseCaseExecutorGrain ExecutorByGetGrain() => _grains.GetGrain<IUseCaseExecutorGrain>(0);

    [Benchmark(Description = "Loom references")]
    [BenchmarkCategory("executor grain")]
    public IUseCaseExecutorGrain ExecutorByReferences() => _grains.GetUseCaseExecutor();
}
