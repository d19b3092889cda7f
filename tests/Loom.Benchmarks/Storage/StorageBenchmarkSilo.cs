using Loom.Silo.Hosting;
using Loom.Silo.Storage.AzureTables;
using Loom.Storage;
using Loom.Storage.InMemory;
using Loom.Testing.Azurite;
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
        [StorageNames.Azurite] = typeof(AzuriteStateGrain).FullName!,
    };

    private readonly InProcessTestCluster _cluster;
    private readonly AzuriteEmulator _azurite;

    private StorageBenchmarkSilo(InProcessTestCluster cluster, AzuriteEmulator azurite)
    {
        _cluster = cluster;
        _azurite = azurite;
    }

    public static IEnumerable<string> GrainClasses => GrainClassByStorage.Keys;

    public static async Task<StorageBenchmarkSilo> StartAsync()
    {
        var azurite = await AzuriteEmulator.StartAsync();
        var azureTables = new AzureTableStoreFactory(AzureTableServiceClientFactory.Create(new AzureTableStorageOptions { ConnectionString = azurite.ConnectionString }));
        var cluster = new InProcessTestClusterBuilder(1)
            .ConfigureSilo((_, silo) =>
            {
                silo.AddMemoryGrainStorage(StorageNames.OrleansMemory)
                    .AddLoomTableGrainStorage(StorageNames.LoomMemory)
                    .AddLoomTableGrainStorage(StorageNames.Azurite)
                    .Services
                    .AddKeyedSingleton<ITableStoreFactory, InMemoryTableStoreFactory>(StorageNames.LoomMemory)
                    .AddKeyedSingleton<ITableStoreFactory>(StorageNames.Azurite, azureTables)
                    .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Error));
            })
            .Build();
        await cluster.DeployAsync();
        return new StorageBenchmarkSilo(cluster, azurite);
    }

    public IStateGrain Grain(string storage, int key) => _cluster.Client.GetGrain<IStateGrain>(key, GrainClassByStorage[storage]);

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}
