using Loom.Silo.Hosting;
using Loom.Storage;
using Loom.Storage.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Loom.Benchmarks.Storage;

/// <summary>One silo with a grain storage provider per contender, each behind its own grain class.</summary>
public sealed class StorageBenchmarkSilo : IAsyncDisposable
{
    private static readonly Dictionary<string, string> GrainClassByStorage = new()
    {
        [StorageNames.OrleansMemory] = typeof(OrleansMemoryStateGrain).FullName!,
        [StorageNames.LoomMemory] = typeof(LoomMemoryStateGrain).FullName!,
    };

    private readonly InProcessTestCluster _cluster;

    private StorageBenchmarkSilo(InProcessTestCluster cluster) => _cluster = cluster;

    public static IEnumerable<string> GrainClasses => GrainClassByStorage.Keys;

    public static async Task<StorageBenchmarkSilo> StartAsync()
    {
        var cluster = new InProcessTestClusterBuilder(1)
            .ConfigureSilo((_, silo) =>
            {
                silo.AddMemoryGrainStorage(StorageNames.OrleansMemory)
                    .AddLoomTableGrainStorage(StorageNames.LoomMemory)
                    .Services
                    .AddKeyedSingleton<ITableStoreFactory, InMemoryTableStoreFactory>(StorageNames.LoomMemory)
                    .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Error));
            })
            .Build();
        await cluster.DeployAsync();
        return new StorageBenchmarkSilo(cluster);
    }

    public IStateGrain Grain(string storage, int key) => _cluster.Client.GetGrain<IStateGrain>(key, GrainClassByStorage[storage]);

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();
}
