using Loom.Silo.Hosting;
using Loom.Silo.Storage.AzureTables;
using Loom.Silo.Storage.Sqlite;
using Loom.Storage;
using Loom.Storage.InMemory;
using Loom.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace Loom.Benchmarks.Storage;

/// <summary>One silo with a grain storage provider per contender, each behind its own grain class.</summary>
public sealed class StorageBenchmarkSilo : IAsyncDisposable
{
    private static readonly Dictionary<string, string> GrainClassByStorage = new()
    {
        [StorageNames.OrleansMemory] = typeof(OrleansMemoryStateGrain).FullName!,
        [StorageNames.LoomMemory] = typeof(LoomMemoryStateGrain).FullName!,
        [StorageNames.SqliteNormal] = typeof(SqliteNormalStateGrain).FullName!,
        [StorageNames.SqliteFull] = typeof(SqliteFullStateGrain).FullName!,
        [StorageNames.Azurite] = typeof(AzuriteStateGrain).FullName!,
    };

    private readonly InProcessTestCluster _cluster;
    private readonly AzuriteEmulator _azurite;
    private readonly string _directory;

    private StorageBenchmarkSilo(InProcessTestCluster cluster, AzuriteEmulator azurite, string directory)
    {
        _cluster = cluster;
        _azurite = azurite;
        _directory = directory;
    }

    public static IEnumerable<string> GrainClasses => GrainClassByStorage.Keys;

    public static async Task<StorageBenchmarkSilo> StartAsync()
    {
        var azurite = await AzuriteEmulator.StartAsync();
        var azureTables = new AzureTableStoreFactory(AzureTableServiceClientFactory.Create(new AzureTableStorageOptions { ConnectionString = azurite.ConnectionString }));
        var directory = Path.Combine(Path.GetTempPath(), "loom-storage-bench", Guid.NewGuid().ToString("N"));
        var normal = Sqlite(directory, SqliteDurability.Normal);
        var full = Sqlite(directory, SqliteDurability.Full);
        var cluster = new InProcessTestClusterBuilder(1)
            .ConfigureSilo((_, silo) =>
            {
                silo.AddMemoryGrainStorage(StorageNames.OrleansMemory)
                    .AddLoomTableGrainStorage(StorageNames.LoomMemory)
                    .AddLoomTableGrainStorage(StorageNames.SqliteNormal)
                    .AddLoomTableGrainStorage(StorageNames.SqliteFull)
                    .AddLoomTableGrainStorage(StorageNames.Azurite)
                    .Services
                    .AddKeyedSingleton<ITableStoreFactory>(StorageNames.SqliteNormal, normal)
                    .AddKeyedSingleton<ITableStoreFactory>(StorageNames.SqliteFull, full)
                    .AddKeyedSingleton<ITableStoreFactory, InMemoryTableStoreFactory>(StorageNames.LoomMemory)
                    .AddKeyedSingleton<ITableStoreFactory>(StorageNames.Azurite, azureTables)
                    .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Error));
            })
            .Build();
        await cluster.DeployAsync();
        return new StorageBenchmarkSilo(cluster, azurite, directory);
    }

    public IStateGrain Grain(string storage, int key) => _cluster.Client.GetGrain<IStateGrain>(key, GrainClassByStorage[storage]);

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _azurite.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A SQLite file of the benchmark's own; the silo's container disposes the factory.</summary>
    public static SqliteTableStoreFactory Sqlite(string directory, SqliteDurability durability) =>
        new(Options.Create(new SqliteStorageOptions { Path = Path.Combine(directory, $"{durability}.db"), Durability = durability }), NullLogger<SqliteTableStoreFactory>.Instance);
}
