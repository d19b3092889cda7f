namespace Loom.Jobs;

/// <summary>One outbox partition: jobs committed and not yet done, and jobs that failed for good.</summary>
[GenerateSerializer]
public sealed class JobOutboxState
{
    /// <summary>Jobs waiting to run, in dispatch order.</summary>
    [Id(0)]
    public List<JobEnvelope> Pending { get; set; } = [];

    /// <summary>Jobs whose attempts are spent, newest last.</summary>
    [Id(1)]
    public List<JobEnvelope> Failed { get; set; } = [];
}
