using Orleans.Transactions;

namespace Loom.Entities;

/// <summary>
/// The entities one attempt of one unit of work has read or written: its reads see its own writes.
/// Entities it took from the silo's <see cref="EntitySnapshots"/> are not locked while the work runs;
/// their locks are taken in the canonical order, each with a version check, before any lock that
/// sorts after them and at the latest before the commit, so units of work still lock in one order.
/// </summary>
internal sealed class EntityWorkspace(Guid? transactionId, bool usesSnapshots)
{
    private static readonly AsyncLocal<EntityWorkspace?> Ambient = new();

    private readonly Guid? _transactionId = transactionId;
    private readonly Dictionary<EntityKey, WorkspaceEntry> _entries = [];
    private readonly SemaphoreSlim _locking = new(1, 1);

    /// <summary>
    /// The workspace of the unit of work running in this async flow, if any; none inside another
    /// transaction the work started, or with the transaction suppressed.
    /// </summary>
    public static EntityWorkspace? Current =>
        Ambient.Value is { } workspace && TransactionContext.GetTransactionInfo()?.TransactionId == workspace._transactionId ? workspace : null;

    /// <summary>Whether reads may start from snapshots; false once a snapshot proved stale.</summary>
    public bool UsesSnapshots { get; } = usesSnapshots;

    /// <summary>How many entities the work took from snapshots.</summary>
    public int SnapshotReads { get; private set; }

    /// <summary>Starts a workspace for the transaction the rest of the calling async method runs in.</summary>
    public static EntityWorkspace Begin(bool usesSnapshots) =>
        Ambient.Value = new EntityWorkspace(TransactionContext.GetTransactionInfo()?.TransactionId, usesSnapshots);

    public bool TryGet(EntityKey key, out WorkspaceEntry entry)
    {
        lock (_entries)
        {
            return _entries.TryGetValue(key, out entry!);
        }
    }

    /// <summary>Adds the entry, unless a call running alongside added one for the same entity first: that one is returned.</summary>
    public WorkspaceEntry GetOrAdd(WorkspaceEntry entry)
    {
        lock (_entries)
        {
            if (_entries.TryGetValue(entry.Key, out var first))
            {
                return first;
            }

            _entries.Add(entry.Key, entry);
            SnapshotReads += entry.IsLocked ? 0 : 1;
            return entry;
        }
    }

    /// <summary>Locks the unlocked entries that sort before <paramref name="key"/>, which is about to be locked.</summary>
    public Task LockBeforeAsync(EntityKey key) => LockAsync(key);

    /// <summary>Locks every unlocked entry and stores the work's changes: before the commit, and before a unique value is claimed.</summary>
    public Task LockAllAsync() => LockAsync(before: null);

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
            foreach (var entry in Sorted(e => !e.IsStored && (before is not { } key || e.Key.CompareTo(key) < 0)))
            {
                await entry.StoreAsync();
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
