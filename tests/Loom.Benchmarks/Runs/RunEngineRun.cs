using System.Diagnostics;
using System.Text;
using Loom.Benchmarks.Storage;
using Loom.Hosting;
using Loom.Runs;
using Loom.Runs.Storage;
using Loom.Silo.Hosting;
using Loom.Silo.Reminders;
using Loom.Silo.Storage.AzureTables;
using Loom.Silo.Storage.Sqlite;
using Loom.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Loom.Testing.Azurite;
using Orleans.TestingHost;

namespace Loom.Benchmarks.Runs;

/// <summary>
/// Durable runs in one silo, on SQLite (Normal) and then on Azurite: 3-state sequential runs of no-op
/// handlers, one run at a time and 64 at once, against the floor of the same appends made straight
/// through <see cref="RunEventStore"/>. 12-state runs beside them give what one more state costs, with
/// the run's fixed costs (the start call, the activation) taken out. A run's latency is the time from
/// <c>StartAsync</c> to the write of the append holding its <c>RunCompleted</c> event, seen by the
/// storage decorator (polling the grain would compete with the run it measures); a state's latency is
/// the time between the append that enters it and the one that records its completion, from the
/// history's stamps. Every call on the table port is counted, by table, as one round trip. Runs and
/// floors alternate round after round; rates are the median of the rounds, latencies are pooled. All
/// runs of an operation share one manifest with empty inputs, so its artifact and the empty context
/// are stored by the first run and found by the others.
/// </summary>
public static class RunEngineRun
{
    private const int Concurrency = 64;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);
    private static readonly RunStorageOptions Tables = new();
    private static readonly Operation Short = new("noop3", 3);
    private static readonly Operation Long = new("noop12", 12);

    public static async Task RunAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "loom-runs-bench", Guid.NewGuid().ToString("N"));
        var sqlite = StorageBenchmarkSilo.Sqlite(directory, SqliteDurability.Normal);
        try
        {
            await MeasureAsync("SQLite Normal", sqlite, new Workload(Rounds: 5, LoneRuns: 200, ConcurrentRuns: 2_000), judge: true);
        }
        finally
        {
            await sqlite.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }

        await using var azurite = await AzuriteEmulator.StartAsync();
        var azure = new AzureTableStoreFactory(AzureTableServiceClientFactory.Create(new AzureTableStorageOptions { ConnectionString = azurite.ConnectionString }));
        await MeasureAsync("Azurite", azure, new Workload(Rounds: 3, LoneRuns: 30, ConcurrentRuns: 300), judge: false);
    }

    private static async Task MeasureAsync(string store, ITableStoreFactory factory, Workload workload, bool judge)
    {
        var counter = new RoundTripCounter();
        var completions = new RunCompletions();
        var tables = new CountingTableStoreFactory(factory, counter, completions.Observe);
        var cluster = new InProcessTestClusterBuilder(1)
            .ConfigureSilo((_, silo) => silo
                .AddLoomTableGrainStorageAsDefault()
                .UseLoomTableReminders()
                .AddLoomRuns()
                .Services
                .AddSingleton<ITableStoreFactory>(tables)
                .AddRunOperation(Short.Id, 1, graph => Chain(graph, Short.States))
                .AddRunOperation(Long.Id, 1, graph => Chain(graph, Long.States))
                .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Error)))
            .Build();
        try
        {
            await cluster.DeployAsync();
            var bench = new Bench(cluster.Client, completions, counter, await RunEventStore.OpenAsync(tables));
            foreach (var operation in new[] { Short, Long })
            {
                operation.Shape = await bench.AppendShapeAsync((await bench.RunsAsync(operation, "shape", 1, 1)).Ids[0]);

                // Enough work first for the JIT to reach its optimised tier on both paths.
                await bench.RunsAsync(operation, "warm", workload.LoneRuns / 4, 1);
                await bench.RunsAsync(operation, "warm", workload.ConcurrentRuns / 2, Concurrency);
                await bench.FloorAsync(operation, "warm-floor", workload.ConcurrentRuns / 2, Concurrency);
            }

            // The machine is shared: runs and floors alternate, round after round, so all see the same load.
            var rounds = new Dictionary<(Operation, string), List<Phase>>();
            void Add(Operation operation, string name, Phase phase) => (rounds.TryGetValue((operation, name), out var list) ? list : rounds[(operation, name)] = []).Add(phase);
            for (var round = 0; round < workload.Rounds; round++)
            {
                foreach (var operation in new[] { Short, Long })
                {
                    Add(operation, "lone", await bench.RunsAsync(operation, $"lone{round}", workload.LoneRuns, 1));
                    Add(operation, "lone-floor", await bench.FloorAsync(operation, $"floor-lone{round}", workload.LoneRuns, 1));
                    Add(operation, "many", await bench.RunsAsync(operation, $"many{round}", workload.ConcurrentRuns, Concurrency));
                    Add(operation, "many-floor", await bench.FloorAsync(operation, $"floor-many{round}", workload.ConcurrentRuns, Concurrency));
                }

                Add(Short, "fresh-calls", await bench.FreshCallsAsync($"fresh{round}", workload.ConcurrentRuns, Concurrency));
            }

            Measured Merge(Operation operation) => new(
                operation,
                Phase.Merge(rounds[(operation, "lone")]),
                Phase.Merge(rounds[(operation, "many")]),
                Phase.Merge(rounds[(operation, "lone-floor")]),
                Phase.Merge(rounds[(operation, "many-floor")]));
            var (shortRuns, longRuns) = (Merge(Short), Merge(Long));
            var loneTimes = await bench.TimelinesAsync(shortRuns.Lone);
            var manyTimes = await bench.TimelinesAsync(shortRuns.Many);

            Report(store, workload, shortRuns, longRuns, Phase.Merge(rounds[(Short, "fresh-calls")]), loneTimes, manyTimes, judge);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static RunGraphBuilder Chain(RunGraphBuilder graph, int states)
    {
        graph.State<NoOpState>("s1");
        for (var i = 2; i <= states; i++)
        {
            graph.State<NoOpState>($"s{i}", $"s{i - 1}");
        }

        return graph;
    }

    private static void Report(string store, Workload workload, Measured runs, Measured longer, Phase freshCalls, Timelines loneTimes, Timelines manyTimes, bool judge)
    {
        var (lone, many, loneFloor, manyFloor) = (runs.Lone, runs.Many, runs.LoneFloor, runs.ManyFloor);
        var states = runs.Operation.States;
        var appends = runs.Operation.Shape.Count;
        Console.WriteLine();
        Console.WriteLine($"## Durable runs on {store}");
        Console.WriteLine();
        Console.WriteLine($"A run of {states} no-op states makes {appends} appends ({string.Join(" + ", runs.Operation.Shape.Select(a => a.Count))} events), one of {longer.Operation.States} makes {longer.Operation.Shape.Count}; each floor makes the same appends, with the same events, straight through the event store.");
        Console.WriteLine();
        Console.WriteLine($"| {states}-state runs, {store} | one at a time | 64 at once |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| runs ({workload.Rounds} rounds) | {lone.Count} | {many.Count} |");
        Console.WriteLine($"| runs/s, median of rounds (min - max) | {lone.Throughput()} | {many.Throughput()} |");
        Console.WriteLine($"| run latency p50 / p99 (ms) | {Median(lone.Latencies):F2} / {P99(lone.Latencies):F2} | {Median(many.Latencies):F2} / {P99(many.Latencies):F2} |");
        Console.WriteLine($"| state latency p50 / p99 (ms) | {Median(loneTimes.States):F2} / {P99(loneTimes.States):F2} | {Median(manyTimes.States):F2} / {P99(manyTimes.States):F2} |");
        Console.WriteLine($"| run latency split p50 (ms): start call to RunStarted append / to first state entered / {states} states / final append | {loneTimes.Split(states)} | {manyTimes.Split(states)} |");
        Console.WriteLine($"| floor: appends/s, median of rounds (min - max) | {loneFloor.Throughput(appends)} | {manyFloor.Throughput(appends)} |");
        Console.WriteLine($"| floor: a run's {appends} appends p50 / p99 (ms) | {Median(loneFloor.Latencies):F2} / {P99(loneFloor.Latencies):F2} | {Median(manyFloor.Latencies):F2} / {P99(manyFloor.Latencies):F2} |");
        Console.WriteLine($"| whole run, per state: run / floor (ms) | {Median(lone.Latencies) / states:F3} / {Median(loneFloor.Latencies) / states:F3} | {1000 / (many.PerSecond * states):F3} / {1000 / (manyFloor.PerSecond * states):F3} |");
        Console.WriteLine($"| whole run: ratio run / floor | {LoneRatio(lone, loneFloor):F2} | {ManyRatio(many, manyFloor):F2} |");
        Console.WriteLine($"| one more state ({longer.Operation.States}- less {states}-state runs, per state): run / floor (ms) | {LoneMarginal(longer.Lone, lone):F3} / {LoneMarginal(longer.LoneFloor, loneFloor):F3} | {ManyMarginal(longer.Many, many):F3} / {ManyMarginal(longer.ManyFloor, manyFloor):F3} |");
        Console.WriteLine($"| one more state: ratio run / floor | {LoneMarginal(longer.Lone, lone) / LoneMarginal(longer.LoneFloor, loneFloor):F2} | {ManyMarginal(longer.Many, many) / ManyMarginal(longer.ManyFloor, manyFloor):F2} |");
        Console.WriteLine($"| CPU per state, whole run: run / floor (µs) | {CpuPerState(lone, states):F1} / {CpuPerState(loneFloor, states):F1} | {CpuPerState(many, states):F1} / {CpuPerState(manyFloor, states):F1} |");
        Console.WriteLine($"| CPU for one more state: run / floor (µs) | {CpuMarginal(longer.Lone, lone):F1} / {CpuMarginal(longer.LoneFloor, loneFloor):F1} | {CpuMarginal(longer.Many, many):F1} / {CpuMarginal(longer.ManyFloor, manyFloor):F1} |");
        Console.WriteLine($"| Orleans' share of a run: a call to a fresh grain that does nothing, calls/s; CPU per call (µs) | | {freshCalls.PerSecond:F0}; {freshCalls.CpuMilliseconds * 1000 / freshCalls.Count:F1} |");
        Console.WriteLine($"| a state alone: state latency p50 / raw append p50 | {StateRatio(loneTimes, loneFloor, appends):F2} | {StateRatio(manyTimes, manyFloor, appends):F2} |");
        Console.WriteLine($"| round trips per state | {lone.RoundTrips.Total() / (double)(lone.Count * states):F2} | {many.RoundTrips.Total() / (double)(many.Count * states):F2} |");
        Console.WriteLine($"| floor round trips per state | {loneFloor.RoundTrips.Total() / (double)(loneFloor.Count * states):F2} | {manyFloor.RoundTrips.Total() / (double)(manyFloor.Count * states):F2} |");
        Console.WriteLine();

        Console.WriteLine($"| round trips per {states}-state run (one at a time; 64 at once) | get | query | execute | batch | per state |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, tables) in Groups(lone.RoundTrips, many.RoundTrips))
        {
            string Cell(StoreCall call) => $"{Sum(lone.RoundTrips, tables, call) / (double)lone.Count:F2}; {Sum(many.RoundTrips, tables, call) / (double)many.Count:F2}";
            var perState = $"{tables.Sum(lone.RoundTrips.Total) / (double)(lone.Count * states):F2}; {tables.Sum(many.RoundTrips.Total) / (double)(many.Count * states):F2}";
            Console.WriteLine($"| {name} | {Cell(StoreCall.Get)} | {Cell(StoreCall.Query)} | {Cell(StoreCall.Execute)} | {Cell(StoreCall.Batch)} | {perState} |");
        }

        Console.WriteLine();
        if (!judge)
        {
            return;
        }

        var tripsPerState = Math.Max(lone.RoundTrips.Total() / (double)(lone.Count * states), many.RoundTrips.Total() / (double)(many.Count * states));
        var perStateRatio = Math.Max(LoneMarginal(longer.Lone, lone) / LoneMarginal(longer.LoneFloor, loneFloor), ManyMarginal(longer.Many, many) / ManyMarginal(longer.ManyFloor, manyFloor));
        var wholeRunRatio = Math.Max(LoneRatio(lone, loneFloor), ManyRatio(many, manyFloor));
        Console.WriteLine("| goal | target | measured | met |");
        Console.WriteLine("|---|---|---:|---|");
        Goal("runs/s, 64 at once", ">= 1000", many.PerSecond, many.PerSecond >= 1000, "F0");
        Goal("lone run latency p50 (ms)", "< 10", Median(lone.Latencies), Median(lone.Latencies) < 10, "F2");
        Goal("storage round trips per state (worse of the two)", "<= 2", tripsPerState, tripsPerState <= 2, "F2");
        Goal("per-state overhead / raw appends: one more state (worse of the two)", "<= 2x", perStateRatio, perStateRatio <= 2, "F2");
        Goal("whole run, start call and activation included / raw appends (worse of the two)", "<= 2x", wholeRunRatio, wholeRunRatio <= 2, "F2");
        Console.WriteLine();
    }

    // The process's CPU time over the phase, which another process's load on the machine barely moves.
    private static double CpuPerState(Phase phase, int states) => phase.CpuMilliseconds * 1000 / (phase.Count * states);

    // What one more state adds: the longer runs' CPU per run less the shorter ones', per extra state.
    private static double CpuMarginal(Phase longer, Phase shorter) =>
        (longer.CpuMilliseconds * 1000 / longer.Count - shorter.CpuMilliseconds * 1000 / shorter.Count) / (Long.States - Short.States);

    // One at a time: the longer runs' median latency less the shorter ones', per extra state.
    private static double LoneMarginal(Phase longer, Phase shorter) => (Median(longer.Latencies) - Median(shorter.Latencies)) / (Long.States - Short.States);

    // 64 at once: the longer runs' time per run (from throughput) less the shorter ones', per extra state, in ms.
    private static double ManyMarginal(Phase longer, Phase shorter) => (1000 / longer.PerSecond - 1000 / shorter.PerSecond) / (Long.States - Short.States);

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
        public string Split(int states) => $"{Median(ToStarted):F2} / {Median(ToFirstEntry):F2} / {Median(States) * states:F2} / {Median(FinalAppend):F2}";
    }

    /// <summary>How much work a store gets: rounds, and runs per phase.</summary>
    private sealed record Workload(int Rounds, int LoneRuns, int ConcurrentRuns);

    /// <summary>A registered operation: a chain of no-op states, and the appends one run of it makes.</summary>
    private sealed class Operation(string id, int states)
    {
        public string Id { get; } = id;

        public int States { get; } = states;

        public StartRunRequest Request { get; } = StartRequest(id);

        public IReadOnlyList<IReadOnlyList<NewRunEvent>> Shape { get; set; } = [];

        private static StartRunRequest StartRequest(string operation)
        {
            var manifest = new RunManifest(operation, RunConfig.Default, "{}");
            return RunManifestIdentity.StartRequest(manifest);
        }
    }

    /// <summary>An operation's four measured phases, each merged over the rounds.</summary>
    private sealed record Measured(Operation Operation, Phase Lone, Phase Many, Phase LoneFloor, Phase ManyFloor);

    private sealed class Bench(IClusterClient client, RunCompletions completions, RoundTripCounter counter, RunEventStore events)
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

        /// <summary>Starts <paramref name="count"/> runs, <paramref name="concurrency"/> at a time, each waited for until complete.</summary>
        public Task<Phase> RunsAsync(Operation operation, string prefix, int count, int concurrency) => MeasureAsync($"{operation.Id}-{prefix}", count, concurrency, async id =>
        {
            var completed = completions.Watch(id);
            await client.GetGrain<IRunGrain>(id).StartAsync(operation.Request);
            await completed.WaitAsync(Timeout);
        });

        /// <summary>Calls <paramref name="count"/> fresh no-op grains, <paramref name="concurrency"/> at a time.</summary>
        public Task<Phase> FreshCallsAsync(string prefix, int count, int concurrency) =>
            MeasureAsync(prefix, count, concurrency, id => client.GetGrain<IFreshGrain>(id).PingAsync());

        /// <summary>Makes the appends of a run of <paramref name="operation"/> to <paramref name="count"/> fresh streams, <paramref name="concurrency"/> streams at a time.</summary>
        public Task<Phase> FloorAsync(Operation operation, string prefix, int count, int concurrency) => MeasureAsync($"{operation.Id}-{prefix}", count, concurrency, async id =>
        {
            var next = 1L;
            foreach (var append in operation.Shape)
            {
                await events.AppendAsync(id, next, append);
                next += append.Count;
            }
        });

        /// <summary>The runs' timelines; each state's latency is from the append entering it to the one recording its completion.</summary>
        public async Task<Timelines> TimelinesAsync(Phase runs)
        {
            var states = new List<double>(runs.Count * Short.States);
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
