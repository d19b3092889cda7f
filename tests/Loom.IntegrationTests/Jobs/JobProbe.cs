using System.Collections.Concurrent;

namespace Loom.IntegrationTests.Jobs;

/// <summary>What the test jobs saw when they ran, keyed by probe id; a silo singleton.</summary>
public sealed class JobProbe
{
    public ConcurrentDictionary<string, ConcurrentQueue<string>> Runs { get; } = new();

    public int Record(string probeId, string observation)
    {
        var runs = Runs.GetOrAdd(probeId, _ => new ConcurrentQueue<string>());
        runs.Enqueue(observation);
        return runs.Count;
    }

    public IReadOnlyList<string> Of(string probeId) => Runs.TryGetValue(probeId, out var runs) ? runs.ToArray() : [];
}
