using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Loom.Jobs;

/// <summary>Gathers pending and failed jobs from every outbox partition.</summary>
[StatelessWorker]
public sealed class JobMonitorGrain(IOptions<JobOptions> options) : Grain, IJobMonitorGrain
{
    /// <inheritdoc />
    public Task<IReadOnlyList<JobEnvelope>> GetPendingAsync() => GatherAsync(p => p.GetPendingAsync());

    /// <inheritdoc />
    public Task<IReadOnlyList<JobEnvelope>> GetFailedAsync() => GatherAsync(p => p.GetFailedAsync());

    private async Task<IReadOnlyList<JobEnvelope>> GatherAsync(Func<IJobOutboxGrain, Task<IReadOnlyList<JobEnvelope>>> read)
    {
        var partitions = Enumerable.Range(0, options.Value.Partitions).Select(p => read(GrainFactory.GetGrain<IJobOutboxGrain>(p)));
        return (await Task.WhenAll(partitions)).SelectMany(jobs => jobs).OrderBy(j => j.DispatchedAt).ToArray();
    }
}
