using Loom.Hosting;
using Microsoft.Extensions.Options;

namespace Loom.Jobs;

/// <summary>
/// Wakes every outbox partition at a fixed interval while the silo is active, so jobs whose wake-up
/// was lost (a crash right after the commit, a deactivated partition) still run.
/// </summary>
internal sealed class JobSweeper(IGrainFactory grains, IOptions<JobOptions> options, TimeProvider time) : PeriodicSiloWork(time)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override Task RunOnceAsync(CancellationToken stopping)
    {
        for (var partition = 0; partition < options.Value.Partitions; partition++)
        {
            grains.GetGrain<IJobOutboxGrain>(partition).DrainAsync().Ignore();
        }

        return Task.CompletedTask;
    }
}
