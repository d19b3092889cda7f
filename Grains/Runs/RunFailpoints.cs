using System.Collections.Concurrent;

namespace Loom.Runs;

/// <summary>
/// Crashes on demand, for tests: a run armed here stops right after its next handler returns and
/// before the outcome is recorded, the way a silo dying at that moment would leave it.
/// </summary>
public sealed class RunFailpoints
{
    private readonly ConcurrentDictionary<string, bool> _stopAfterHandler = new(StringComparer.Ordinal);

    /// <summary>Makes the run's next handler completion go unrecorded, once.</summary>
    public void StopAfterHandlerOnce(string runId) => _stopAfterHandler[runId] = true;

    /// <summary>Whether the run is armed and its handler has not returned yet.</summary>
    public bool IsArmed(string runId) => _stopAfterHandler.ContainsKey(runId);

    /// <summary>Whether the run was armed; disarms it.</summary>
    public bool ShouldStopAfterHandler(string runId) => _stopAfterHandler.TryRemove(runId, out _);
}
