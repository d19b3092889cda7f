namespace Loom.Runs;

/// <summary>How a run schedules its states.</summary>
public enum ExecutionMode
{
    /// <summary>One state at a time, in topological order.</summary>
    Sequential,

    /// <summary>Every state whose dependencies are done runs at once, up to <see cref="RunConfig.MaxConcurrency"/>.</summary>
    FanOutJoin,
}
