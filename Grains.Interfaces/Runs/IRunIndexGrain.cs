namespace Loom.Runs;

/// <summary>
/// The runs of one operation (the grain's key) by phase. Runs record each change of phase in the
/// index table without waiting, and the silos write those records in batches, so the index may lag
/// a run by a fraction of a second; keeping it costs a run next to nothing.
/// </summary>
public interface IRunIndexGrain : IGrainWithStringKey
{
    /// <summary>The operation's runs in <paramref name="phase"/> (all when null), most recently updated first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<RunIndexEntry>> FindAsync(RunPhase? phase = null, int limit = 100);
}
