namespace Loom.Entities;

/// <summary>
/// The entities one attempt of one unit of work has read or written: its reads see its own writes.
/// Entities it took from the silo's <see cref="EntitySnapshots"/> are not locked while the work runs;
/// their locks are taken in the canonical order, each with a version check, before any lock that
/// sorts after them and at the latest before the commit, so units of work still lock in one order.
/// </summary>
internal sealed class EntityWorkspace(bool usesSnapshots)
{
    private static readonly AsyncLocal<EntityWorkspace?> Ambient = new();

    private readonly Dictionary<EntityKey, WorkspaceEntry> _entries = [];
    private readonly SemaphoreSlim _locking = new(1, 1);

    /// <summary>The workspace of the unit of work running in this async flow, if any.</summary>
    public static EntityWorkspace? Current => Ambient.Value;

    /// <summary>Whether reads may start from snapshots; false once a snapshot proved stale.</summary>
    public bool UsesSnapshots { get; } = usesSnapshots;

    /// <summary>How many entities the work took from snapshots.</summary>
    public int SnapshotReads { get; private set; }

    /// <summary>Starts a workspace for the rest of the calling async method.</summary>
    public static EntityWorkspace Begin(bool usesSnapshots) => Ambient.Value = new EntityWorkspace(usesSnapshots);

    public bool TryGet(EntityKey key, out WorkspaceEntry entry)
    {
        lock (_entries)
        {
            return _entries.TryGetValue(key, out entry!);
        }
    }

    public void Add(WorkspaceEntry entry)
    {
        lock (_entries)
        {
            _entries[entry.Key] = entry;
            SnapshotReads += entry.IsLocked ? 0 : 1;
        }
    }

    /// <summary>Locks the unlocked entries that sort before <paramref name="key"/>, which is about to be locked.</summary>
    public Task LockBeforeAsync(EntityKey key) => LockAsync(key);

    /// <summary>Locks every unlocked entry, storing the work's changes.</summary>
    public Task LockAllAsync() => LockAsync(before: null);

    /// <summary>Locks every unlocked entry, storing the work's changes, then updates the indexes those writes touched.</summary>
    public async Task FlushAsync()
    {
        await LockAllAsync();
        foreach (var entry in Sorted(_ => true))
        {
            await entry.UpdateIndexesAsync();
        }
    }

    /// <summary>
    /// Checks the versions of the unlocked entries a failed work read, so that a failure caused by a
    /// stale snapshot is retried rather than reported: throws <see cref="StaleEntity"/> when one changed.
    /// </summary>
    public async Task ConfirmReadsAsync()
    {
        foreach (var entry in Sorted(e => !e.IsLocked))
        {
            await entry.ConfirmAsync();
        }
    }

    /// <summary>Hands the committed values to the silo's snapshots, and reports the snapshots the work started from as current.</summary>
    public void Publish(EntitySnapshots snapshots)
    {
        snapshots.Confirmed(SnapshotReads);
        foreach (var entry in Sorted(e => e.IsLocked))
        {
            if (entry.Value is { } value && entry.IsStored)
            {
                snapshots.Publish(entry.Key, value, entry.Version);
            }
            else
            {
                snapshots.Forget(entry.Key);
            }
        }
    }

    private async Task LockAsync(EntityKey? before)
    {
        await _locking.WaitAsync();
        try
        {
            foreach (var entry in Sorted(e => !e.IsLocked && (before is not { } key || e.Key.CompareTo(key) < 0)))
            {
                await entry.LockAsync();
            }
        }
        finally
        {
            _locking.Release();
        }
    }

    private List<WorkspaceEntry> Sorted(Func<WorkspaceEntry, bool> include)
    {
        lock (_entries)
        {
            var entries = _entries.Values.Where(include).ToList();
            entries.Sort((x, y) => x.Key.CompareTo(y.Key));
            return entries;
        }
    }
}
