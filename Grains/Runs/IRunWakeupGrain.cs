namespace Loom.Runs;

/// <summary>
/// Sweeps one bucket of the durable list of unfinished runs (the grain's key is the bucket). Runs are
/// listed before their first handler starts and dropped once they end (<see cref="RunWakeups"/>); the
/// bucket's reminder sweeps the list and resumes every run on it, so a run a crash left behind goes on
/// without anyone asking. One reminder per bucket, rather than one per run, keeps a run's start and
/// end cheap.
/// </summary>
public interface IRunWakeupGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the bucket's reminder is registered.</summary>
    Task EnsureSweepingAsync();

    /// <summary>Resumes every listed run now and drops those that have ended; returns how many are still unfinished.</summary>
    Task<int> SweepAsync();
}
