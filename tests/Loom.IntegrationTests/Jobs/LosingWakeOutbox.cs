using Loom.Jobs;

namespace Loom.IntegrationTests.Jobs;

/// <summary>
/// A failpoint: the real outbox, except that wake-ups can be dropped, as when a silo dies right after
/// the commit and before it wakes the partition.
/// </summary>
public sealed class LosingWakeOutbox(GrainJobOutbox outbox) : IJobOutbox
{
    public bool DropWakes { get; set; }

    public Task<long> StageAsync(IReadOnlyList<JobEnvelope> jobs, long? partition = null) => outbox.StageAsync(jobs, partition);

    public Task<bool> TakeAsync(long partition, Guid jobId) => outbox.TakeAsync(partition, jobId);

    public void Wake(long partition)
    {
        if (!DropWakes)
        {
            outbox.Wake(partition);
        }
    }
}
