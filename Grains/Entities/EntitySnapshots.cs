using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Loom.UseCases;
using Microsoft.Extensions.Options;

namespace Loom.Entities;

/// <summary>
/// This silo's last known committed value and version of the entities its units of work used. A
/// write use case starts from them instead of reading each entity under a lock, and confirms every
/// version under the lock when it writes: a stale snapshot costs a retry, never a wrong result.
/// While too many prove stale (other silos writing the same entities), none is served for a while.
/// </summary>
/// <remarks>
/// A dictionary keyed by <see cref="EntityKey"/>, not a general-purpose cache: every write use case
/// reads and publishes here, so a lookup must not box its key or read the clock. When full, it drops
/// a tenth of its entries, whichever come first.
/// </remarks>
public sealed class EntitySnapshots
{
    /// <summary>How long an entity found stale is read under a lock again: others are writing it.</summary>
    private static readonly TimeSpan ContendedPause = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<EntityKey, Entry>? _entries;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly StaleSnapshotBreaker _breaker;
    private int _count;

    /// <summary>Creates the store with the configured capacity; a capacity of 0 turns it off.</summary>
    public EntitySnapshots(IOptions<UseCaseOptions> options, TimeProvider time)
    {
        _capacity = options.Value.EntitySnapshotCapacity;
        _entries = _capacity == 0 ? null : new ConcurrentDictionary<EntityKey, Entry>();
        _time = time;
        _breaker = new StaleSnapshotBreaker(time);
    }

    internal bool TryGet(EntityKey key, [MaybeNullWhen(false)] out Snapshot snapshot)
    {
        if (_entries is not null && _entries.TryGetValue(key, out var entry) && entry is Snapshot found && !_breaker.IsPaused)
        {
            snapshot = found;
            return true;
        }

        snapshot = null;
        return false;
    }

    /// <summary>Keeps a committed value, unless a later version is kept or the entity is still contended.</summary>
    internal void Publish(EntityKey key, object value, long version)
    {
        if (_entries is not null)
        {
            Put(key, new Snapshot(value, version), (Store: this, Version: version), static (existing, publishing) => existing switch
            {
                Snapshot kept => kept.Version < publishing.Version,
                Contended contended => contended.UntilTicks <= publishing.Store._time.GetUtcNow().UtcTicks,
                _ => true,
            });
        }
    }

    /// <summary>Forgets an entity that no longer exists.</summary>
    internal void Forget(EntityKey key)
    {
        if (_entries is not null && _entries.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Records snapshots a unit of work committed with: all proved current under their locks.</summary>
    internal void Confirmed(int snapshots)
    {
        if (snapshots > 0)
        {
            _breaker.Record(snapshots, stale: 0);
        }
    }

    /// <summary>Stops serving, for a while, an entity that changed under a unit of work that started from its snapshot.</summary>
    internal void Stale(EntityKey key)
    {
        _breaker.Record(confirmed: 0, stale: 1);
        if (_entries is not null)
        {
            Put(key, new Contended((_time.GetUtcNow() + ContendedPause).UtcTicks), 0, static (_, _) => true);
        }
    }

    /// <summary>Sets the entry unless the one there should stay: one compare-and-swap, retried when another thread won.</summary>
    private void Put<TState>(EntityKey key, Entry entry, TState state, Func<Entry, TState, bool> replaces)
    {
        var entries = _entries!;
        while (true)
        {
            if (entries.TryGetValue(key, out var existing))
            {
                if (!replaces(existing, state) || entries.TryUpdate(key, entry, existing))
                {
                    return;
                }
            }
            else
            {
                MakeRoom(entries);
                if (entries.TryAdd(key, entry))
                {
                    Interlocked.Increment(ref _count);
                    return;
                }
            }
        }
    }

    private void MakeRoom(ConcurrentDictionary<EntityKey, Entry> entries)
    {
        if (Volatile.Read(ref _count) < _capacity)
        {
            return;
        }

        var dropping = Math.Max(1, _capacity / 10);
        foreach (var (key, _) in entries)
        {
            if (dropping-- == 0)
            {
                return;
            }

            Forget(key);
        }
    }

    /// <summary>What the store holds for one entity. Compared by reference, as a compare-and-swap needs.</summary>
    internal abstract class Entry;

    /// <summary>A committed value and its version.</summary>
    internal sealed class Snapshot(object value, long version) : Entry
    {
        public object Value { get; } = value;

        public long Version { get; } = version;
    }

    /// <summary>An entity found stale: no snapshot of it is kept until the pause ends.</summary>
    private sealed class Contended(long untilTicks) : Entry
    {
        public long UntilTicks { get; } = untilTicks;
    }
}
