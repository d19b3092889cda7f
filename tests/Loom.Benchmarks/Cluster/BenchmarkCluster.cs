using Loom.Benchmarks.InProcess;
using Loom.Hosting;
using Loom.Samples.Ledger;
using Loom.Silo.Hosting;
using Loom.Silo.Storage.Sqlite;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Loom.Benchmarks.Cluster;

/// <summary>
/// A one-silo in-process cluster hosting the sample ledger, the benchmark use cases and the direct
/// baselines, with grain and transactional state in Loom's table storage on the in-memory table store,
/// as the silo's in-memory preset keeps it, or in an embedded SQLite file. Orleans' own memory storage
/// writes state as Newtonsoft JSON with type names, which cost both sides of every comparison more than
/// the work they compare.
/// </summary>
public sealed class BenchmarkCluster : IAsyncDisposable
{
    private BenchmarkCluster(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>
    /// Starts the cluster; <paramref name="entitySnapshots"/> false makes every write use case read its
    /// entities under locks, and <paramref name="sqliteFile"/> keeps the tables in that embedded SQLite
    /// file instead of in memory.
    /// </summary>
    public static async Task<BenchmarkCluster> StartAsync(bool entitySnapshots = true, string? sqliteFile = null)
    {
        var cluster = new InProcessTestClusterBuilder(1)
            .ConfigureSilo((_, silo) => silo
                .AddLoomTableGrainStorageAsDefault()
                .AddLoomUseCases(typeof(Transfer).Assembly, typeof(LedgerTransfer).Assembly)
                .Services
                .AddLoomTableStorage(sqliteFile is null
                    ? new LoomStorageOptions { Provider = LoomStorageProvider.InMemory }
                    : new LoomStorageOptions { Provider = LoomStorageProvider.Embedded, Sqlite = new SqliteStorageOptions { Path = sqliteFile } })
                .Configure<UseCaseOptions>(options => options.EntitySnapshotCapacity = entitySnapshots ? options.EntitySnapshotCapacity : 0)
                .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Error)))
            .Build();
        await cluster.DeployAsync();
        return new BenchmarkCluster(cluster);
    }

    /// <summary>Opens the same accounts for Loom (entity grains) and for the direct baseline (account grains).</summary>
    public async Task<string[]> OpenAccountsAsync(string prefix, int count, decimal balance)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToArray();
        foreach (var id in ids)
        {
            await Grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new OpenAccountCommand(id, "bench", balance));
            await Grains.GetGrain<IDirectAccountGrain>(id).Open("bench", balance);
        }

        return ids;
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
