using System.Diagnostics;

namespace Loom.Observability;

/// <summary>One observed execution: its activity and when it started; the default value is an unobserved one.</summary>
/// <param name="Activity">The execution's activity, if anything listens for activities.</param>
/// <param name="Started">The <see cref="Stopwatch"/> timestamp of its start; 0 when unobserved.</param>
internal readonly record struct ExecutionScope(Activity? Activity, long Started) : IDisposable
{
    public bool IsObserved => Started != 0;

    public void Dispose() => Activity?.Dispose();
}
