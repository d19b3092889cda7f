using Loom.Cluster;
using Microsoft.Extensions.Options;

namespace Loom.Jobs;

/// <summary>
/// Drains every outbox partition when a silo dies, so the jobs of partitions it held run on a
/// survivor at once instead of at the next sweep.
/// </summary>
internal sealed class JobOutboxOnSiloDeath(IGrainFactory grains, IOptions<JobOptions> options) : ISiloDeathHandler
{
    public string Name => "Draining the job outbox";

    public Task OnSiloDeadAsync(SiloAddress dead, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Partitions).Select(partition => grains.GetGrain<IJobOutboxGrain>(partition).DrainAsync()));
}
