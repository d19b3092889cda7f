namespace Loom.Jobs;

/// <summary>Where a unit of work puts its jobs before it commits, and whom it wakes after.</summary>
public interface IJobOutbox
{
    /// <summary>Writes the jobs into an outbox partition within the current transaction; returns the partition.</summary>
    Task<long> StageAsync(IReadOnlyList<JobEnvelope> jobs);

    /// <summary>Tells a partition, after the commit, that it has new jobs to run.</summary>
    void Wake(long partition);
}
