using System.Diagnostics.CodeAnalysis;
using Loom.UseCases;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Loom.Entities;

/// <summary>
/// This silo's last known committed value and version of the entities its units of work used. A
/// write use case starts from them instead of reading each entity under a lock, and confirms every
/// version under the lock when it writes: a stale snapshot costs a retry, never a wrong result.
/// While too many prove stale (other silos writing the same entities), none is served for a while.
/// </summary>
public sealed class EntitySnapshots : IDisposable
{
    /// <summary>How long an entity found stale is read under a lock again: others are writing it.</summary>
    private static readonly TimeSpan ContendedPause = TimeSpan.FromSeconds(2);

    private static readonly object Contended = new();

    private readonly MemoryCache? _cache;
    private readonly StaleSnapshotBreaker _breaker;

    /// <summary>Creates the cache with the configured capacity; a capacity of 0 turns it off.</summary>
    public EntitySnapshots(IOptions<UseCaseOptions> options, TimeProvider time)
    {
        var capacity = options.Value.EntitySnapshotCapacity;
        _cache = capacity == 0 ? null : new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity });
        _breaker = new StaleSnapshotBreaker(time);
    }

    internal bool TryGet(EntityKey key, [MaybeNullWhen(false)] out Snapshot snapshot)
    {
        if (_cache is not null && !_breaker.IsPaused && _cache.TryGetValue(key, out var entry) && entry is Snapshot found)
        {
            snapshot = found;
            return true;
        }

        snapshot = null;
        return false;
    }

    /// <summary>Keeps a committed value, unless a later version is kept or the entity is contended.</summary>
    internal void Publish(EntityKey key, object value, long version)
    {
        if (_cache is null || (_cache.TryGetValue(key, out var entry) && (entry == Contended || (entry is Snapshot kept && kept.Version >= version))))
        {
            return;
        }

        _cache.Set<object>(key, new Snapshot(value, version), new MemoryCacheEntryOptions { Size = 1 });
    }

    /// <summary>Forgets an entity that no longer exists.</summary>
    internal void Forget(EntityKey key) => _cache?.Remove(key);

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
        _cache?.Set(key, Contended, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = ContendedPause });
    }

    /// <inheritdoc />
    public void Dispose() => _cache?.Dispose();

    /// <summary>A committed value and its version.</summary>
    internal sealed record Snapshot(object Value, long Version);
}
