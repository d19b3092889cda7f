namespace Loom.Jobs;

/// <summary>A view over every outbox partition, for operators and tests.</summary>
public interface IJobMonitorGrain : IGrainWithIntegerKey
{
    /// <summary>Every job still waiting to run.</summary>
    Task<IReadOnlyList<JobEnvelope>> GetPendingAsync();

    /// <summary>Every job that failed for good.</summary>
    Task<IReadOnlyList<JobEnvelope>> GetFailedAsync();
}
