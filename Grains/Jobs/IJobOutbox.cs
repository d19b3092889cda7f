namespace Loom.Jobs;

/// <summary>Where a unit of work puts its jobs before it commits, and whom it wakes after.</summary>
public interface IJobOutbox
{
    /// <summary>
    /// Writes the jobs into an outbox partition within the current transaction: <paramref name="partition"/>
    /// when given, else one picked at random. Returns the partition.
    /// </summary>
    Task<long> StageAsync(IReadOnlyList<JobEnvelope> jobs, long? partition = null);

    /// <summary>Takes a job out of its partition within the current transaction; false when it is no longer pending.</summary>
    Task<bool> TakeAsync(long partition, Guid jobId);

    /// <summary>Tells a partition, after the commit, that it has new jobs to run.</summary>
    void Wake(long partition);
}
