using Loom.Runs;

namespace Loom.Benchmarks.Runs;

/// <summary>A state that does nothing, so a run costs only the engine's work.</summary>
public sealed class NoOpState : IRunStateHandler
{
    public Task ExecuteAsync(RunStateContext context) => Task.CompletedTask;
}
