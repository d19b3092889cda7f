using Loom.Cluster;
using Microsoft.Extensions.Options;

namespace Loom.Runs;

/// <summary>
/// Sweeps every wake-up bucket when a silo dies, so the unfinished runs it held are resumed by the
/// survivors at once instead of at their bucket's next reminder.
/// </summary>
internal sealed class RunWakeupsOnSiloDeath(IGrainFactory grains, IOptions<RunOptions> options) : ISiloDeathHandler
{
    public string Name => "Resuming unfinished runs";

    public Task OnSiloDeadAsync(SiloAddress dead, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.WakeupBuckets).Select(bucket => grains.GetGrain<IRunWakeupGrain>(bucket).SweepAsync()));
}
