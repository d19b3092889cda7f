namespace Loom.Jobs;

/// <summary>The jobs one attempt of one unit of work dispatched, staged until it is about to commit.</summary>
internal sealed class JobBatch(string dispatchedBy)
{
    private static readonly AsyncLocal<JobBatch?> Ambient = new();

    /// <summary>The batch of the unit of work running in this async flow, if any.</summary>
    public static JobBatch? Current => Ambient.Value;

    public string DispatchedBy { get; } = dispatchedBy;

    public List<JobEnvelope> Jobs { get; } = [];

    /// <summary>Starts a batch for the rest of the calling async method.</summary>
    public static JobBatch Begin(string dispatchedBy) => Ambient.Value = new JobBatch(dispatchedBy);
}
