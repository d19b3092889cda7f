using Loom.Runs.Storage;
using Loom.Storage;

namespace Loom.Runs;

/// <summary>The event and artifact stores runs keep their history in, opened once per silo on first use.</summary>
public sealed class RunStores
{
    private readonly Lazy<Task<RunEventStore>> _events;
    private readonly Lazy<Task<ArtifactStore>> _artifacts;

    /// <summary>Opens the stores through the silo's table port.</summary>
    public RunStores(ITableStoreFactory tables, TimeProvider time)
    {
        _events = new(() => RunEventStore.OpenAsync(tables, time: time).AsTask());
        _artifacts = new(() => ArtifactStore.OpenAsync(tables).AsTask());
    }

    /// <summary>The run event store.</summary>
    public Task<RunEventStore> Events => _events.Value;

    /// <summary>The content-addressed artifact store.</summary>
    public Task<ArtifactStore> Artifacts => _artifacts.Value;
}
