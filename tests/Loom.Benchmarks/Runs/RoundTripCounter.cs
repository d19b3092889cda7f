using System.Collections.Concurrent;

namespace Loom.Benchmarks.Runs;

/// <summary>A call on the table port; each is one storage round trip.</summary>
public enum StoreCall
{
    Get,
    Query,
    Execute,
    Batch,
}

/// <summary>Storage round trips by table and call, counted as they happen.</summary>
public sealed class RoundTripCounter
{
    private static readonly int Calls = Enum.GetValues<StoreCall>().Length;

    private readonly ConcurrentDictionary<string, long[]> _counts = new(StringComparer.Ordinal);

    public void Count(string table, StoreCall call) => Interlocked.Increment(ref _counts.GetOrAdd(table, _ => new long[Calls])[(int)call]);

    /// <summary>The counts so far.</summary>
    public RoundTrips Snapshot() => new(_counts.ToDictionary(
        pair => pair.Key,
        pair => Enumerable.Range(0, Calls).Select(call => Interlocked.Read(ref pair.Value[call])).ToArray(),
        StringComparer.Ordinal));
}

/// <summary>Round trips by table and call at one moment, or between two.</summary>
public sealed class RoundTrips(IReadOnlyDictionary<string, long[]> counts)
{
    public IEnumerable<string> Tables => counts.Keys;

    public long this[string table, StoreCall call] => counts.TryGetValue(table, out var calls) ? calls[(int)call] : 0;

    public long Total(string table) => counts.TryGetValue(table, out var calls) ? calls.Sum() : 0;

    public long Total() => counts.Values.Sum(calls => calls.Sum());

    /// <summary>What happened since <paramref name="earlier"/>.</summary>
    public RoundTrips Since(RoundTrips earlier) => Combine(earlier, -1);

    /// <summary>These and <paramref name="other"/> together.</summary>
    public RoundTrips Plus(RoundTrips other) => Combine(other, 1);

    private RoundTrips Combine(RoundTrips other, int sign) => new(Tables.Union(other.Tables).ToDictionary(
        table => table,
        table => Enum.GetValues<StoreCall>().Select(call => this[table, call] + sign * other[table, call]).ToArray(),
        StringComparer.Ordinal));
}
