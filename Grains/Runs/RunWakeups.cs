using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Loom.Runs;

/// <summary>
/// Lists unfinished runs for the sweep of their wake-up bucket, and drops them once they end. The
/// first listing in a bucket from this silo also makes sure the bucket's grain keeps its reminder.
/// </summary>
public sealed class RunWakeups
{
    private readonly RunStores _stores;
    private readonly IGrainFactory _grains;
    private readonly int _buckets;
    private readonly ConcurrentDictionary<int, Task> _swept = new();

    /// <summary>Creates the list's client for this silo.</summary>
    public RunWakeups(RunStores stores, IGrainFactory grains, IOptions<RunOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _stores = stores;
        _grains = grains;
        _buckets = options.Value.WakeupBuckets;
    }

    /// <summary>The bucket of <paramref name="runId"/> among <paramref name="buckets"/>, by a hash that is stable across processes.</summary>
    public static int BucketOf(string runId, int buckets)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        return (int)(StableHash.ComputeHash(runId) % (uint)buckets);
    }

    /// <summary>Lists the run; completes once the listing is stored and its bucket is swept.</summary>
    public async Task WatchAsync(string runId)
    {
        var bucket = BucketOf(runId, _buckets);
        var table = await _stores.Wakeups.ConfigureAwait(false);
        await Task.WhenAll(table.WatchAsync(bucket, runId), SweptAsync(bucket)).ConfigureAwait(false);
    }

    /// <summary>Drops an ended run from the list, in a batch with others.</summary>
    public async Task ForgetAsync(string runId)
    {
        var table = await _stores.Wakeups.ConfigureAwait(false);
        table.Forget(BucketOf(runId, _buckets), runId);
    }

    private async Task SweptAsync(int bucket)
    {
        var swept = _swept.GetOrAdd(bucket, b => _grains.GetGrain<IRunWakeupGrain>(b).EnsureSweepingAsync());
        try
        {
            await swept.ConfigureAwait(false);
        }
        catch
        {
            // Asked again by the next listing.
            _swept.TryRemove(new KeyValuePair<int, Task>(bucket, swept));
            throw;
        }
    }
}
