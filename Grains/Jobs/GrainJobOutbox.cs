using Microsoft.Extensions.Options;

namespace Loom.Jobs;

/// <summary>
/// The outbox over a fixed set of partition grains. Each batch goes to a partition picked at random,
/// so that no single grain joins every transaction.
/// </summary>
public sealed class GrainJobOutbox(IGrainFactory grains, IOptions<JobOptions> options) : IJobOutbox
{
    /// <inheritdoc />
    public async Task<long> StageAsync(IReadOnlyList<JobEnvelope> jobs)
    {
        long partition = Random.Shared.Next(options.Value.Partitions);
        await grains.GetGrain<IJobOutboxGrain>(partition).EnqueueAsync(jobs);
        return partition;
    }

    /// <inheritdoc />
    public void Wake(long partition) => grains.GetGrain<IJobOutboxGrain>(partition).DrainAsync().Ignore();
}
