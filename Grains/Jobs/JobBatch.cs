namespace Loom.Jobs;

/// <summary>
/// The jobs one attempt of one unit of work dispatched, staged until it is about to commit, and the
/// job the unit of work runs, if it runs one.
/// </summary>
internal sealed class JobBatch(string dispatchedBy)
{
    private static readonly AsyncLocal<JobBatch?> Ambient = new();

    /// <summary>The batch of the unit of work running in this async flow, if any.</summary>
    public static JobBatch? Current => Ambient.Value;

    public string DispatchedBy { get; } = dispatchedBy;

    public List<JobEnvelope> Jobs { get; } = [];

    /// <summary>The job this unit of work runs, and its partition: taken out of it when the work is about to commit.</summary>
    public (long Partition, Guid JobId)? Running { get; set; }

    /// <summary>Starts a batch for the rest of the calling async method.</summary>
    public static JobBatch Begin(string dispatchedBy) => Ambient.Value = new JobBatch(dispatchedBy);

    /// <summary>
    /// Takes the running job out of its partition and stages the dispatched jobs, within the current
    /// transaction and after every entity's lock, so that every transaction locks a partition last and
    /// at most one. Returns the partition to wake after the commit, if jobs were staged.
    /// </summary>
    public async Task<long?> WriteAsync(IJobOutbox outbox)
    {
        if (Running is { } running && !await outbox.TakeAsync(running.Partition, running.JobId))
        {
            throw new JobAlreadyDone();
        }

        return Jobs.Count == 0 ? null : await outbox.StageAsync(Jobs, Running?.Partition);
    }
}
