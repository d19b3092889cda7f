using System.Globalization;

namespace Loom.Benchmarks.Recovery;

/// <summary>Prints what a recovery run measured: throughput second by second, how fast it came back after the kill, the failures and the final balances.</summary>
public static class RecoveryReport
{
    /// <summary>Seconds before this are the silos' warm-up and stay out of the pre-kill rate.</summary>
    private const int WarmUpSeconds = 5;

    /// <summary>Sliding windows of one second start this far apart.</summary>
    private const double WindowStep = 0.05;

    public static void PrintPerSecond(IReadOnlyList<TransferCall> calls, RecoveryTimeline timeline)
    {
        var acks = AcksPerSecond(calls, timeline);
        var failures = calls.Where(c => !c.Acknowledged).ToLookup(c => (int)c.End);
        Console.WriteLine("per second (by end of call): second | acks | events | failures by type");
        for (var second = 0; second < acks.Length; second++)
        {
            var types = failures[second].GroupBy(c => c.Outcome).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
            Console.WriteLine($"{second,4} {acks[second],6}  {Events(second, timeline),-24} {string.Join(", ", types)}");
        }

        Console.WriteLine();
    }

    public static void PrintRecovery(IReadOnlyList<TransferCall> calls, RecoveryTimeline timeline)
    {
        var acks = AcksPerSecond(calls, timeline);
        var killSecond = (int)timeline.KillAt;
        var first = killSecond > WarmUpSeconds + 1 ? WarmUpSeconds : 0;
        var preKill = Median([.. acks[first..killSecond].Select(a => (double)a)]);
        Console.WriteLine($"pre-kill rate: {preKill:F0} acks/s (median of seconds {first} to {killSecond - 1})");
        Console.WriteLine($"killed silo #2 at {timeline.KillAt:F2} s ({timeline.KillUtc:HH:mm:ss.fff} UTC)");
        Console.WriteLine(timeline.DeadAt is { } dead
            ? $"declared Dead {dead - timeline.KillAt:F2} s after the kill ({timeline.DeathPolls} polls, {timeline.FailedDeathPolls} failed)"
            : $"never listed Dead during the run ({timeline.DeathPolls} polls, {timeline.FailedDeathPolls} failed)");
        Console.WriteLine($"restart of silo #2 began at {timeline.RestartAt:F2} s; " + (timeline.RestartReadyAt is { } ready
            ? $"ready {ready - timeline.RestartAt:F2} s later"
            : $"not ready: {timeline.RestartError}"));

        var firstAck = calls.Where(c => c.Acknowledged && c.Start >= timeline.KillAt).Select(c => c.End).DefaultIfEmpty(double.NaN).Min();
        Console.WriteLine(double.IsNaN(firstAck)
            ? "no call started after the kill was acknowledged"
            : $"first acknowledgement of a call started after the kill: {firstAck - timeline.KillAt:F2} s after the kill");

        // Calls in flight at the kill that touched no state of the killed silo still finish at once; counting
        // them would make the first window after the kill look recovered.
        var ends = calls.Where(c => c.Acknowledged && c.Start >= timeline.KillAt).Select(c => c.End).Order().ToArray();
        foreach (var share in new[] { 0.5, 0.9 })
        {
            Console.WriteLine($"a 1 s window of acks of calls started after the kill reaches {share:P0} of the pre-kill rate: {Reached(ends, share * preKill, timeline)}");
        }

        Console.WriteLine();
    }

    public static void PrintFailures(IReadOnlyList<TransferCall> calls, int unanswered, IReadOnlyDictionary<string, string> firstMessages)
    {
        var failed = calls.Where(c => !c.Acknowledged).ToArray();
        Console.WriteLine(
            $"calls: {calls.Count} answered, {calls.Count(c => c.Acknowledged)} acknowledged, {failed.Length} failed " +
            $"({failed.Count(c => c.Ambiguous)} ambiguous), {unanswered} never answered");
        if (failed.Length == 0)
        {
            Console.WriteLine();
            return;
        }

        Console.WriteLine($"latency of failed calls: {Latencies(failed)}");
        foreach (var type in failed.GroupBy(c => c.Outcome).OrderByDescending(g => g.Count()))
        {
            var ambiguous = type.First().Ambiguous ? "ambiguous" : "typed Loom error";
            Console.WriteLine($"  {type.Key}: {type.Count()} ({ambiguous}); {Latencies([.. type])}; first at {type.Min(c => c.End):F2} s, last at {type.Max(c => c.End):F2} s");
            if (firstMessages.TryGetValue(type.Key, out var message))
            {
                Console.WriteLine($"    first: {message.ReplaceLineEndings(" ")[..Math.Min(message.Length, 400)]}");
            }
        }

        Console.WriteLine();
    }

    public static void PrintAudit(
        IReadOnlyList<string> accounts, decimal opening, IReadOnlyList<long> deltas, decimal?[] balances, IReadOnlyList<string> readFailures, int unknownOutcomes)
    {
        var opened = opening * accounts.Count;
        var read = balances.Count(b => b is not null);
        var total = balances.Sum(b => b ?? 0);
        var differing = Enumerable.Range(0, accounts.Count).Where(i => balances[i] is { } b && b != opening + deltas[i]).ToArray();
        Console.WriteLine($"final reads: {read} of {accounts.Count} accounts read; {readFailures.Count} failed attempts" +
            (readFailures.Count == 0 ? "" : $" ({string.Join(", ", readFailures.GroupBy(f => f).Select(g => $"{g.Key} {g.Count()}"))})"));
        Console.WriteLine(read < accounts.Count
            ? $"total: {total} over the {read} accounts read; not comparable with the {opened} opened"
            : $"total: {total} of {opened} opened: {(total == opened ? "exact" : $"OFF BY {total - opened}")}");
        Console.WriteLine($"accounts whose balance differs from opening + acknowledged deltas: {differing.Length} of {read} read ({unknownOutcomes} transfers of unknown outcome)");
        foreach (var i in differing)
        {
            Console.WriteLine($"  {accounts[i]}: balance {balances[i]}, expected {opening + deltas[i]} ({balances[i] - opening - deltas[i]:+0;-0})");
        }

        Console.WriteLine();
    }

    public static void PrintShutdown(IEnumerable<(string Silo, TimeSpan Elapsed, bool ExitedOnItsOwn)> exits)
    {
        foreach (var (silo, elapsed, exitedOnItsOwn) in exits)
        {
            Console.WriteLine(exitedOnItsOwn
                ? $"SIGTERM {silo}: exited after {elapsed.TotalSeconds:F2} s"
                : $"SIGTERM {silo}: still running after {elapsed.TotalSeconds:F2} s, killed");
        }
    }

    private static int[] AcksPerSecond(IReadOnlyList<TransferCall> calls, RecoveryTimeline timeline)
    {
        var seconds = (int)Math.Ceiling(Math.Max(timeline.Duration, calls.Select(c => c.End).DefaultIfEmpty(0).Max()));
        var acks = new int[seconds];
        foreach (var call in calls.Where(c => c.Acknowledged))
        {
            acks[Math.Min((int)call.End, seconds - 1)]++;
        }

        return acks;
    }

    private static string Events(int second, RecoveryTimeline timeline)
    {
        var events = new List<string>();
        foreach (var (at, name) in new[] { ((double?)timeline.KillAt, "kill"), (timeline.DeadAt, "dead"), (timeline.RestartAt, "restart"), (timeline.RestartReadyAt, "ready") })
        {
            if (at is { } time && (int)time == second)
            {
                events.Add(name);
            }
        }

        return string.Join(' ', events);
    }

    /// <summary>The end of the first one-second window from the kill on that holds <paramref name="target"/> of the acknowledgements <paramref name="ends"/>.</summary>
    private static string Reached(double[] ends, double target, RecoveryTimeline timeline)
    {
        var last = ends.Length == 0 ? 0 : ends[^1];
        for (var start = timeline.KillAt; start + 1 <= last; start += WindowStep)
        {
            if (CountBetween(ends, start, start + 1) >= target)
            {
                var end = start + 1;
                var sinceDead = timeline.DeadAt is { } dead ? $", {end - dead:+0.00;-0.00} s relative to declared Dead" : "";
                var restart = end < timeline.RestartAt ? "before the restart" : "after the restart began";
                return $"{end - timeline.KillAt:F2} s after the kill{sinceDead}, {restart}";
            }
        }

        return "never";
    }

    private static int CountBetween(double[] sorted, double from, double to) => LowerBound(sorted, to) - LowerBound(sorted, from);

    private static int LowerBound(double[] sorted, double value)
    {
        var index = Array.BinarySearch(sorted, value);
        if (index < 0)
        {
            return ~index;
        }

        while (index > 0 && sorted[index - 1] == value)
        {
            index--;
        }

        return index;
    }

    private static string Latencies(TransferCall[] calls)
    {
        var sorted = calls.Select(c => c.Latency).Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(sorted, 0.5):F2} s, p99 {Percentile(sorted, 0.99):F2} s, max {sorted[^1]:F2} s");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static double Median(double[] samples) => samples.Length == 0 ? double.NaN : samples.Order().ElementAt(samples.Length / 2);
}
