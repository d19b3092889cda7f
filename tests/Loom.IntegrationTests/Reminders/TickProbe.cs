using System.Collections.Concurrent;
using Orleans.Runtime;

namespace Loom.IntegrationTests.Reminders;

/// <summary>
/// The reminder ticks grains received, numbered in the order they arrived; one instance shared by every
/// silo of a test cluster, so a test sees ticks wherever they land.
/// </summary>
public sealed class TickProbe
{
    private readonly ConcurrentQueue<Tick> _ticks = new();
    private long _last;

    /// <summary>The number of the latest tick: ticks after a mark have larger numbers.</summary>
    public long Mark() => Interlocked.Read(ref _last);

    public void Record(string grain, SiloAddress silo) => _ticks.Enqueue(new Tick(Interlocked.Increment(ref _last), grain, silo));

    public IReadOnlyList<Tick> Of(string grain) => _ticks.Where(tick => tick.Grain == grain).ToList();

    /// <summary>One tick: its number, the grain's key and the silo the grain was active on.</summary>
    public sealed record Tick(long Number, string Grain, SiloAddress Silo);
}
