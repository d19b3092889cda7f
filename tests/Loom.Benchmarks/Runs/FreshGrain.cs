namespace Loom.Benchmarks.Runs;

/// <summary>A grain that does nothing: a call on a fresh key costs what Orleans charges a run for its start call and activation.</summary>
public interface IFreshGrain : IGrainWithStringKey
{
    Task PingAsync();
}

/// <summary>Deactivates once idle after its call, as an ended run does.</summary>
public sealed class FreshGrain : Grain, IFreshGrain
{
    public Task PingAsync()
    {
        this.DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
