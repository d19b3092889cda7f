using Orleans.Concurrency;

namespace Loom.Runs;

/// <summary>
/// The runs of one operation (the grain's key) by phase. Runs report each change of phase; the index
/// writes them to storage in batches, so keeping it costs a run next to nothing.
/// </summary>
public interface IRunIndexGrain : IGrainWithStringKey
{
    /// <summary>Records a run's phase; one-way, as the run must not wait for its index.</summary>
    [OneWay]
    Task RecordAsync(RunIndexEntry entry);

    /// <summary>The operation's runs in <paramref name="phase"/> (all when null), most recently updated first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<RunIndexEntry>> FindAsync(RunPhase? phase = null, int limit = 100);
}
