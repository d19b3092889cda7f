using Microsoft.Extensions.Options;

namespace Loom.Jobs;

/// <summary>
/// Wakes every outbox partition at a fixed interval while the silo is active, so jobs whose wake-up
/// was lost (a crash right after the commit, a deactivated partition) still run.
/// </summary>
internal sealed class JobSweeper(IGrainFactory grains, IOptions<JobOptions> options, TimeProvider time)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(JobSweeper), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = SweepAsync();
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
    }

    private async Task SweepAsync()
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                for (var partition = 0; partition < options.Value.Partitions; partition++)
                {
                    grains.GetGrain<IJobOutboxGrain>(partition).DrainAsync().Ignore();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }
}
