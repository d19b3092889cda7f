namespace Loom.Runs;

/// <summary>Which wake-up bucket watches a run.</summary>
public static class RunWakeups
{
    /// <summary>The wake-up grain of <paramref name="runId"/>'s bucket, by a hash that is stable across processes.</summary>
    public static IRunWakeupGrain For(IGrainFactory grains, string runId, int buckets)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IRunWakeupGrain>(BucketOf(runId, buckets));
    }

    /// <summary>The bucket of <paramref name="runId"/> among <paramref name="buckets"/>.</summary>
    public static int BucketOf(string runId, int buckets)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        return (int)(StableHash.ComputeHash(runId) % (uint)buckets);
    }
}
