using Loom.Runs.Storage;
using Loom.Storage;
using Microsoft.Extensions.Logging;

namespace Loom.Runs;

/// <summary>
/// The tables runs keep what they keep in (history events, artifacts, the index and the wake-up
/// list), opened once per silo on first use. Disposing stores what the index and the wake-up list
/// still hold.
/// </summary>
public sealed class RunStores : IAsyncDisposable
{
    private readonly Lazy<Task<RunEventStore>> _events;
    private readonly Lazy<Task<ArtifactStore>> _artifacts;
    private readonly Lazy<Task<RunIndexTable>> _index;
    private readonly Lazy<Task<RunWakeupTable>> _wakeups;

    /// <summary>Opens the stores through the silo's table port.</summary>
    public RunStores(ITableStoreFactory tables, TimeProvider time, ILogger<RunStores> logger)
    {
        _events = new(() => RunEventStore.OpenAsync(tables, time: time).AsTask());
        _artifacts = new(() => ArtifactStore.OpenAsync(tables).AsTask());
        _index = new(() => RunIndexTable.OpenAsync(tables, time, logger).AsTask());
        _wakeups = new(() => RunWakeupTable.OpenAsync(tables, time, logger).AsTask());
    }

    /// <summary>The run event store.</summary>
    public Task<RunEventStore> Events => _events.Value;

    /// <summary>The content-addressed artifact store.</summary>
    public Task<ArtifactStore> Artifacts => _artifacts.Value;

    /// <summary>The runs of each operation by phase.</summary>
    public Task<RunIndexTable> Index => _index.Value;

    /// <summary>The unfinished runs, by wake-up bucket.</summary>
    public Task<RunWakeupTable> Wakeups => _wakeups.Value;

    /// <summary>Stores what the index and the wake-up list still hold.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_index.IsValueCreated && _index.Value.IsCompletedSuccessfully)
        {
            await _index.Value.Result.DisposeAsync().ConfigureAwait(false);
        }

        if (_wakeups.IsValueCreated && _wakeups.Value.IsCompletedSuccessfully)
        {
            await _wakeups.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
