using Microsoft.Extensions.Options;

namespace Loom.Jobs;

/// <summary>
/// The outbox over a fixed set of partition grains. Each batch goes to a partition picked at random,
/// so that no single grain joins every transaction.
/// </summary>
public sealed class GrainJobOutbox(IGrainFactory grains, IOptions<JobOptions> options) : IJobOutbox
{
    /// <summary>The partitions' references, made once: Orleans' <c>GetGrain</c> costs about 0.6 µs and 750 B a call.</summary>
    private readonly IJobOutboxGrain[] _partitions = [.. Enumerable.Range(0, options.Value.Partitions).Select(p => grains.GetGrain<IJobOutboxGrain>(p))];

    /// <inheritdoc />
    public async Task<long> StageAsync(IReadOnlyList<JobEnvelope> jobs, long? partition = null)
    {
        var into = partition ?? Random.Shared.Next(_partitions.Length);
        await _partitions[into].EnqueueAsync(jobs);
        return into;
    }

    /// <inheritdoc />
    public Task<bool> TakeAsync(long partition, Guid jobId) => _partitions[partition].TakeAsync(jobId);

    /// <inheritdoc />
    public void Wake(long partition) => _partitions[partition].DrainAsync().Ignore();
}
