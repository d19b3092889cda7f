namespace Loom.IntegrationTests.Persistence;

/// <summary>Runs the start of whatever subscribes, the way a silo starting up would, without a silo.</summary>
public sealed class StartedLifecycle : ISiloLifecycle
{
    private readonly List<ILifecycleObserver> _observers = [];

    public int HighestCompletedStage { get; private set; }

    public int LowestStoppedStage => int.MaxValue;

    public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
    {
        _observers.Add(observer);
        HighestCompletedStage = Math.Max(HighestCompletedStage, stage);
        return new CancellationTokenSource();
    }

    public async Task StartAsync()
    {
        foreach (var observer in _observers)
        {
            await observer.OnStart(CancellationToken.None);
        }
    }
}
