using Orleans.Concurrency;

namespace Loom.Runs;

/// <summary>
/// One bucket of the durable list of unfinished runs (the grain's key is the bucket). A run is
/// watched before its first handler starts and forgotten once it has ended; the bucket's reminder
/// sweeps the list and resumes every run on it, so a run a crash left behind goes on without anyone
/// asking. One reminder per bucket, rather than one per run, keeps a run's start and end cheap.
/// </summary>
public interface IRunWakeupGrain : IGrainWithIntegerKey
{
    /// <summary>Lists the run; returns once the listing is stored.</summary>
    Task WatchAsync(string runId);

    /// <summary>Drops an ended run from the list; one-way, as a dropped run the sweep finds ended is dropped again then.</summary>
    [OneWay]
    Task ForgetAsync(string runId);

    /// <summary>Resumes every listed run now and drops those that have ended; returns how many are still unfinished.</summary>
    Task<int> SweepAsync();
}
