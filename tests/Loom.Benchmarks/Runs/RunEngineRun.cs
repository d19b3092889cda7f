using System.Diagnostics;
using System.Text;
using Loom.Benchmarks.Storage;
using Loom.Hosting;
using Loom.Runs;
using Loom.Runs.Storage;
using Loom.Silo.Hosting;
using Loom.Silo.Reminders;
using Loom.Silo.Storage.Sqlite;
using Loom.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Loom.Benchmarks.Runs;

/// <summary>
/// Durable runs on SQLite (Normal) in one silo: a 3-state sequential run of no-op handlers, one run
/// at a time and 64 at once, against the floor of the same appends made straight through
/// <see cref="RunEventStore"/>. A run's latency is the time from <c>StartAsync</c> to the write of
/// the append holding its <c>RunCompleted</c> event, seen by the storage decorator (polling the
/// grain would compete with the run it measures); a state's latency is the time between the append
/// that enters it and the one that records its completion, from the history's stamps. Every call on
/// the table port is counted, by table, as one round trip. Five rounds of 200 lone and 2,000
/// concurrent runs, each followed by its floor; rates are the median of the rounds, latencies are
/// pooled. All runs share one manifest with empty inputs, so its artifact and the empty context are
/// stored by the first run and found by the others.
/// </summary>
public static class RunEngineRun
{
    private const string Operation = "noop3";
    private const int States = 3;
    private const int Rounds = 5;
    private const int LoneRuns = 200;
    private const int Concurrency = 64;
    private const int ConcurrentRuns = 2_000;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);
    private static readonly RunManifest Manifest = new(Operation, RunConfig.Default, "{}");
    private static readonly StartRunRequest Request = new(RunManifestIdentity.IdOf(Manifest), Operation, Manifest.Config, Manifest);
    private static readonly RunStorageOptions Tables = new();

    public static async Task RunAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "loom-runs-bench", Guid.NewGuid().ToString("N"));
        var sqlite = StorageBenchmarkSilo.Sqlite(directory, SqliteDurability.Normal);
        var counter = new RoundTripCounter();
        var completions = new RunCompletions();
        var tables = new CountingTableStoreFactory(sqlite, counter, completions.Observe);
        var cluster = new InProcessTestClusterBuilder(1)
            .ConfigureSilo((_, silo) => silo
                .AddLoomTableGrainStorageAsDefault()
                .UseLoomTableReminders()
                .AddLoomRuns()
                .Services
                .AddSingleton<ITableStoreFactory>(tables)
                .AddRunOperation(Operation, 1, graph => graph.State<NoOpState>("a").State<NoOpState>("b", "a").State<NoOpState>("c", "b"))
                .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Error)))
            .Build();
        try
        {
            await cluster.DeployAsync();
            var bench = new Bench(cluster.Client, completions, counter);
            var shape = await bench.AppendShapeAsync((await bench.RunsAsync("shape", 1, 1)).Ids[0]);
            var events = await RunEventStore.OpenAsync(tables);

            // Enough work first for the JIT to reach its optimised tier on both paths.
            await bench.RunsAsync("warm", 50, 1);
            await bench.RunsAsync("warm", 1_000, Concurrency);
            await bench.FloorAsync(events, shape, "warm-floor", 1_000, Concurrency);

            // The machine is shared: runs and floor alternate, round after round, so both see the same load.
            List<Phase> lones = [], manys = [], loneFloors = [], manyFloors = [];
            for (var round = 0; round < Rounds; round++)
            {
                lones.Add(await bench.RunsAsync($"lone{round}", LoneRuns, 1));
                loneFloors.Add(await bench.FloorAsync(events, shape, $"floor-lone{round}", LoneRuns, 1));
                manys.Add(await bench.RunsAsync($"many{round}", ConcurrentRuns, Concurrency));
                manyFloors.Add(await bench.FloorAsync(events, shape, $"floor-many{round}", ConcurrentRuns, Concurrency));
            }

            var (lone, many, loneFloor, manyFloor) = (Phase.Merge(lones), Phase.Merge(manys), Phase.Merge(loneFloors), Phase.Merge(manyFloors));
            var loneTimes = await bench.TimelinesAsync(lone);
            var manyTimes = await bench.TimelinesAsync(many);

            Report(shape, lone, many, loneTimes, manyTimes, loneFloor, manyFloor);
        }
        finally
        {
            await cluster.DisposeAsync();
            await sqlite.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Report(IReadOnlyList<IReadOnlyList<NewRunEvent>> shape, Phase lone, Phase many, Timelines loneTimes, Timelines manyTimes, Phase loneFloor, Phase manyFloor)
    {
        var appends = shape.Count;
        Console.WriteLine();
        Console.WriteLine($"A run of {States} no-op states makes {appends} appends ({string.Join(" + ", shape.Select(a => a.Count))} events); the floor makes the same appends, with the same events, straight through the event store.");
        Console.WriteLine();
        Console.WriteLine("| durable runs, SQLite Normal | one at a time | 64 at once |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| runs ({Rounds} rounds) | {lone.Count} | {many.Count} |");
        Console.WriteLine($"| runs/s, median of rounds (min - max) | {lone.Throughput()} | {many.Throughput()} |");
        Console.WriteLine($"| run latency p50 / p99 (ms) | {Median(lone.Latencies):F2} / {P99(lone.Latencies):F2} | {Median(many.Latencies):F2} / {P99(many.Latencies):F2} |");
        Console.WriteLine($"| state latency p50 / p99 (ms) | {Median(loneTimes.States):F2} / {P99(loneTimes.States):F2} | {Median(manyTimes.States):F2} / {P99(manyTimes.States):F2} |");
        Console.WriteLine($"| run latency split p50 (ms): start call to RunStarted append / to first state entered / {States} states / final append | {loneTimes.Split} | {manyTimes.Split} |");
        Console.WriteLine($"| floor: appends/s, median of rounds (min - max) | {loneFloor.Throughput(appends)} | {manyFloor.Throughput(appends)} |");
        Console.WriteLine($"| floor: a run's {appends} appends p50 / p99 (ms) | {Median(loneFloor.Latencies):F2} / {P99(loneFloor.Latencies):F2} | {Median(manyFloor.Latencies):F2} / {P99(manyFloor.Latencies):F2} |");
        Console.WriteLine($"| per state: run / floor (ms) | {Median(lone.Latencies) / States:F2} / {Median(loneFloor.Latencies) / States:F2} | {1000 / (many.PerSecond * States):F3} / {1000 / (manyFloor.PerSecond * States):F3} |");
        Console.WriteLine($"| ratio run / floor | {LoneRatio(lone, loneFloor):F2} | {ManyRatio(many, manyFloor):F2} |");
        Console.WriteLine($"| CPU per state: run / floor (µs) | {CpuPerState(lone):F1} / {CpuPerState(loneFloor):F1} | {CpuPerState(many):F1} / {CpuPerState(manyFloor):F1} |");
        Console.WriteLine($"| CPU ratio run / floor | {CpuPerState(lone) / CpuPerState(loneFloor):F2} | {CpuPerState(many) / CpuPerState(manyFloor):F2} |");
        Console.WriteLine($"| a state alone: state latency p50 / raw append p50 | {StateRatio(loneTimes, loneFloor, appends):F2} | {StateRatio(manyTimes, manyFloor, appends):F2} |");
        Console.WriteLine($"| round trips per state | {lone.RoundTrips.Total() / (double)(lone.Count * States):F2} | {many.RoundTrips.Total() / (double)(many.Count * States):F2} |");
        Console.WriteLine($"| floor round trips per state | {loneFloor.RoundTrips.Total() / (double)(loneFloor.Count * States):F2} | {manyFloor.RoundTrips.Total() / (double)(manyFloor.Count * States):F2} |");
        Console.WriteLine();

        Console.WriteLine("| round trips per run (one at a time; 64 at once) | get | query | execute | batch | per state |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, tables) in Groups(lone.RoundTrips, many.RoundTrips))
        {
            string Cell(StoreCall call) => $"{Sum(lone.RoundTrips, tables, call) / (double)lone.Count:F2}; {Sum(many.RoundTrips, tables, call) / (double)many.Count:F2}";
            var perState = $"{tables.Sum(lone.RoundTrips.Total) / (double)(lone.Count * States):F2}; {tables.Sum(many.RoundTrips.Total) / (double)(many.Count * States):F2}";
            Console.WriteLine($"| {name} | {Cell(StoreCall.Get)} | {Cell(StoreCall.Query)} | {Cell(StoreCall.Execute)} | {Cell(StoreCall.Batch)} | {perState} |");
        }

        Console.WriteLine();
        var tripsPerState = many.RoundTrips.Total() / (double)(many.Count * States);
        var ratio = Math.Max(LoneRatio(lone, loneFloor), ManyRatio(many, manyFloor));
        Console.WriteLine("| goal | target | measured | met |");
        Console.WriteLine("|---|---|---:|---|");
        Goal("runs/s, 64 at once", ">= 1000", many.PerSecond, many.PerSecond >= 1000, "F0");
        Goal("lone run latency p50 (ms)", "< 10", Median(lone.Latencies), Median(lone.Latencies) < 10, "F2");
        Goal("storage round trips per state", "<= 2", tripsPerState, tripsPerState <= 2, "F2");
        Goal("per-state cost / raw appends (worse of the two)", "<= 2x", ratio, ratio <= 2, "F2");
        Console.WriteLine();
    }

    // The process's CPU time over the phase, which another process's load on the machine barely moves.
    private static double CpuPerState(Phase phase) => phase.CpuMilliseconds * 1000 / (phase.Count * States);

    // A run against the floor alone: its latency over that of its appends one after another.
    private static double LoneRatio(Phase run, Phase floor) => Median(run.Latencies) / Median(floor.Latencies);

    // 64 at once: the floor's throughput over the runs'.
    private static double ManyRatio(Phase run, Phase floor) => floor.PerSecond / run.PerSecond;

    // A state's own latency (one append and the engine's work around it) over one raw append's share of the floor.
    private static double StateRatio(Timelines run, Phase floor, int appends) => Median(run.States) / (Median(floor.Latencies) / appends);

    private static void Goal(string name, string target, double measured, bool met, string format) =>
        Console.WriteLine($"| {name} | {target} | {measured.ToString(format, System.Globalization.CultureInfo.InvariantCulture)} | {(met ? "yes" : "NO")} |");

    private static IEnumerable<(string Name, string[] Tables)> Groups(RoundTrips lone, RoundTrips many)
    {
        string[] known = [Tables.EventTableName, Tables.ArtifactTableName, RunWakeupTable.DefaultTableName, TableReminderOptions.DefaultTableName];
        var others = lone.Tables.Concat(many.Tables).Distinct().Except(known).Order().ToArray();
        return [("events", [known[0]]), ("artifacts", [known[1]]), ("wake-ups", [known[2]]), ("reminders", [known[3]]), ($"other ({(others.Length == 0 ? "none" : string.Join(", ", others))})", others), ("all", [.. known, .. others])];
    }

    private static long Sum(RoundTrips trips, string[] tables, StoreCall call) => tables.Sum(table => trips[table, call]);

    private static double Median(IReadOnlyList<double> values) => Percentile(values, 0.50);

    private static double P99(IReadOnlyList<double> values) => Percentile(values, 0.99);

    // Nearest rank.
    private static double Percentile(IReadOnlyList<double> values, double quantile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
    }

    /// <summary>One measured phase: what it did, how fast, when each item began, its latency and the round trips it made.</summary>
    private sealed record Phase(string[] Ids, double[] Rates, DateTimeOffset[] StartedAt, double[] Latencies, RoundTrips RoundTrips, double CpuMilliseconds)
    {
        public int Count => Ids.Length;

        public double PerSecond => Median(Rates);

        public string Throughput(int scale = 1) => $"{PerSecond * scale:F0} ({Rates.Min() * scale:F0} - {Rates.Max() * scale:F0})";

        public static Phase Merge(IReadOnlyList<Phase> rounds) => new(
            [.. rounds.SelectMany(r => r.Ids)],
            [.. rounds.SelectMany(r => r.Rates)],
            [.. rounds.SelectMany(r => r.StartedAt)],
            [.. rounds.SelectMany(r => r.Latencies)],
            rounds.Skip(1).Aggregate(rounds[0].RoundTrips, (sum, r) => sum.Plus(r.RoundTrips)),
            rounds.Sum(r => r.CpuMilliseconds));
    }

    /// <summary>
    /// Where runs spend their time, from their histories' stamps (taken as each append begins): from
    /// the start call to the RunStarted append, from it to the first state's entry, each state (its
    /// entry to its completion), and the final append until written.
    /// </summary>
    private sealed record Timelines(double[] ToStarted, double[] ToFirstEntry, double[] States, double[] FinalAppend)
    {
        public string Split => $"{Median(ToStarted):F2} / {Median(ToFirstEntry):F2} / {Median(States) * RunEngineRun.States:F2} / {Median(FinalAppend):F2}";
    }

    private sealed class Bench(IClusterClient client, RunCompletions completions, RoundTripCounter counter)
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

        /// <summary>Starts <paramref name="count"/> runs, <paramref name="concurrency"/> at a time, each waited for until complete.</summary>
        public Task<Phase> RunsAsync(string prefix, int count, int concurrency) => MeasureAsync(prefix, count, concurrency, async id =>
        {
            var completed = completions.Watch(id);
            await client.GetGrain<IRunGrain>(id).StartAsync(Request);
            await completed.WaitAsync(Timeout);
        });

        /// <summary>Makes <paramref name="shape"/>'s appends to <paramref name="count"/> fresh streams, <paramref name="concurrency"/> streams at a time.</summary>
        public Task<Phase> FloorAsync(RunEventStore events, IReadOnlyList<IReadOnlyList<NewRunEvent>> shape, string prefix, int count, int concurrency) => MeasureAsync(prefix, count, concurrency, async id =>
        {
            var next = 1L;
            foreach (var append in shape)
            {
                await events.AppendAsync(id, next, append);
                next += append.Count;
            }
        });

        /// <summary>The runs' timelines; each state's latency is from the append entering it to the one recording its completion.</summary>
        public async Task<Timelines> TimelinesAsync(Phase runs)
        {
            var states = new List<double>(runs.Count * States);
            var toStarted = new double[runs.Count];
            var toFirstEntry = new double[runs.Count];
            var finalAppend = new double[runs.Count];
            for (var i = 0; i < runs.Count; i++)
            {
                var id = runs.Ids[i];
                var run = client.GetGrain<IRunGrain>(id);
                if ((await run.GetStatusAsync()).Phase != RunPhase.Completed)
                {
                    throw new InvalidOperationException($"run {id} ended but did not complete");
                }

                var history = await run.GetHistoryAsync();

                var stamps = history.Select(e => e.RecordedAt).Distinct().ToArray();
                toStarted[i] = (stamps[0] - runs.StartedAt[i]).TotalMilliseconds;
                toFirstEntry[i] = (stamps[1] - stamps[0]).TotalMilliseconds;
                states.AddRange(stamps.Skip(1).Zip(stamps.Skip(2), (entered, completed) => (completed - entered).TotalMilliseconds));
                finalAppend[i] = runs.Latencies[i] - (stamps[^1] - runs.StartedAt[i]).TotalMilliseconds;
            }

            return new Timelines(toStarted, toFirstEntry, [.. states], finalAppend);
        }

        /// <summary>A run's appends, as its history shows them: the events of one append share their stamp.</summary>
        public async Task<IReadOnlyList<IReadOnlyList<NewRunEvent>>> AppendShapeAsync(string id)
        {
            var history = await client.GetGrain<IRunGrain>(id).GetHistoryAsync();
            return [.. history
                .GroupBy(e => e.RecordedAt)
                .Select(append => (IReadOnlyList<NewRunEvent>)[.. append.Select(e => new NewRunEvent(e.Type, Encoding.UTF8.GetBytes(e.Json)))])];
        }

        private async Task<Phase> MeasureAsync(string prefix, int count, int concurrency, Func<string, Task> item)
        {
            var ids = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}-{Guid.NewGuid():N}").ToArray();
            var startedAt = new DateTimeOffset[count];
            var latencies = new double[count];
            var taken = -1;
            var before = counter.Snapshot();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref taken); i < count; i = Interlocked.Increment(ref taken))
                {
                    startedAt[i] = DateTimeOffset.UtcNow;
                    var itemStarted = Stopwatch.GetTimestamp();
                    await item(ids[i]);
                    latencies[i] = Stopwatch.GetElapsedTime(itemStarted).TotalMilliseconds;
                }
            }));
            var perSecond = count / Stopwatch.GetElapsedTime(started).TotalSeconds;

            // What a run does after its final append (dropping its wake-up listing) belongs to it too.
            await Task.Delay(Settle);
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
            return new Phase(ids, [perSecond], startedAt, latencies, counter.Snapshot().Since(before), cpu);
        }
    }
}
