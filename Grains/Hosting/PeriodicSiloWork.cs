namespace Loom.Hosting;

/// <summary>
/// Work a silo repeats at a fixed interval from the moment it is active until it stops; stopping
/// waits for the round under way.
/// </summary>
internal abstract class PeriodicSiloWork(TimeProvider time) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The clock the rounds keep to.</summary>
    protected TimeProvider Time { get; } = time;
    private Task _loop = Task.CompletedTask;

    /// <summary>How long from one round to the next.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>Whether the silo has what the work needs; when not, it never runs.</summary>
    protected virtual bool CanRun => true;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(GetType().Name, ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>One round; <paramref name="stopping"/> is cancelled when the silo stops.</summary>
    protected abstract Task RunOnceAsync(CancellationToken stopping);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        if (CanRun)
        {
            _loop = LoopAsync();
        }

        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await RunOnceAsync(_stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }
}
