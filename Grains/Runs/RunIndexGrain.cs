using Orleans.Concurrency;

namespace Loom.Runs;

/// <summary>Answers queries on one operation's runs from the index table, on whichever silo the caller is.</summary>
[StatelessWorker]
public sealed class RunIndexGrain : Grain, IRunIndexGrain
{
    private readonly RunStores _stores;

    /// <summary>Creates the grain on the silo's run stores.</summary>
    public RunIndexGrain(RunStores stores) => _stores = stores;

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunIndexEntry>> FindAsync(RunPhase? phase = null, int limit = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var index = await _stores.Index.ConfigureAwait(true);

        // What this silo's runs recorded is stored first; other silos' records may still be on their way.
        await index.FlushAsync().ConfigureAwait(true);
        var entries = await index.ReadAsync(this.GetPrimaryKeyString()).ConfigureAwait(true);
        return entries.Where(e => phase is null || e.Phase == phase).OrderByDescending(e => e.UpdatedAt).Take(limit).ToList();
    }
}
