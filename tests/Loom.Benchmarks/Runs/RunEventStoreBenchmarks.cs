using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Loom.Benchmarks.Storage;
using Loom.Runs.Storage;
using Loom.Silo.Storage.Sqlite;
using Loom.Storage;

namespace Loom.Benchmarks.Runs;

/// <summary>
/// The run stores on SQLite (Normal durability), one call per operation, against the raw insert of
/// one row through the table port as the baseline: an append of one event, an append of the
/// two-event batch the engine writes when a state ends and the next begins, and the put of a
/// 300-byte artifact (the usual context snapshot).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class RunEventStoreBenchmarks
{
    private const int Calls = 1000;

    private static readonly Dictionary<string, object> RawProperties = new() { ["Type"] = "StateEntered", ["D0"] = new byte[120] };
    private static readonly NewRunEvent Entered = new("StateEntered", new byte[120]);
    private static readonly NewRunEvent Completed = new("StateCompleted", new byte[120]);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "loom-run-store-bench", Guid.NewGuid().ToString("N"));
    private SqliteTableStoreFactory _file = null!;
    private ITableStore _raw = null!;
    private RunEventStore _events = null!;
    private ArtifactStore _artifacts = null!;
    private int _round;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _file = StorageBenchmarkSilo.Sqlite(_directory, SqliteDurability.Normal);
        _raw = await _file.OpenAsync("RawRows");
        _events = await RunEventStore.OpenAsync(_file);
        _artifacts = await ArtifactStore.OpenAsync(_file);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _file.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls, Description = "raw insert of one row")]
    public async Task RawInsert()
    {
        var partition = $"r{Interlocked.Increment(ref _round)}";
        for (var i = 0; i < Calls; i++)
        {
            await _raw.InsertAsync(new TableRow(partition, $"{i:D19}", RawProperties));
        }
    }

    [Benchmark(OperationsPerInvoke = Calls, Description = "append 1 event")]
    public async Task AppendOne()
    {
        var run = $"r{Interlocked.Increment(ref _round)}";
        for (var next = 1; next <= Calls; next++)
        {
            await _events.AppendAsync(run, next, [Entered]);
        }
    }

    [Benchmark(OperationsPerInvoke = Calls, Description = "append 2 events in one call")]
    public async Task AppendTwo()
    {
        var run = $"r{Interlocked.Increment(ref _round)}";
        for (var next = 1; next <= 2 * Calls; next += 2)
        {
            await _events.AppendAsync(run, next, [Completed, Entered]);
        }
    }

    [Benchmark(OperationsPerInvoke = Calls, Description = "put a 300-byte artifact")]
    public async Task PutArtifact()
    {
        var round = Interlocked.Increment(ref _round);
        var content = new byte[300];
        BitConverter.TryWriteBytes(content, round);
        for (var i = 0; i < Calls; i++)
        {
            // A new content each call, so every put writes a row rather than finding one.
            BitConverter.TryWriteBytes(content.AsSpan(sizeof(int)), i);
            await _artifacts.PutAsync(content);
        }
    }
}
