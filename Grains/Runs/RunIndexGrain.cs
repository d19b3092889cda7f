using Loom.Runs.Storage;
using Loom.Storage;

namespace Loom.Runs;

/// <summary>
/// Keeps the index of one operation's runs in a table (partition: the operation; row: the run), one
/// upsert per run and phase change, gathered into batches. A change still buffered when the grain's
/// silo dies is lost until the run reports again, which it does on its next activation.
/// </summary>
public sealed class RunIndexGrain : Grain, IRunIndexGrain
{
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(200);

    private readonly ITableStoreFactory _tables;
    private readonly Dictionary<string, RunIndexEntry> _pending = new(StringComparer.Ordinal);
    private IGrainTimer? _flushTimer;
    private RunIndexTable? _table;

    /// <summary>Creates the grain on the silo's table port.</summary>
    public RunIndexGrain(ITableStoreFactory tables) => _tables = tables;

    /// <inheritdoc />
    public async Task RecordAsync(RunIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);

        // One-way messages may arrive out of order; an older report must not hide a newer one.
        if (_pending.TryGetValue(entry.RunId, out var buffered) && buffered.UpdatedAt > entry.UpdatedAt)
        {
            return;
        }

        _pending[entry.RunId] = entry;
        if (_pending.Count >= TableRules.MaxBatchOperations)
        {
            await FlushAsync().ConfigureAwait(true);
        }
        else
        {
            _flushTimer ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushDelay, FlushDelay) { KeepAlive = true });
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunIndexEntry>> FindAsync(RunPhase? phase = null, int limit = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await FlushAsync().ConfigureAwait(true);
        var table = await TableAsync().ConfigureAwait(true);
        var entries = await table.ReadAsync(this.GetPrimaryKeyString()).ConfigureAwait(true);
        return entries.Where(e => phase is null || e.Phase == phase).OrderByDescending(e => e.UpdatedAt).Take(limit).ToList();
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        await FlushAsync().ConfigureAwait(true);

    private async Task FlushAsync()
    {
        if (_pending.Count == 0)
        {
            _flushTimer?.Dispose();
            _flushTimer = null;
            return;
        }

        var batch = _pending.Values.ToList();
        _pending.Clear();
        var table = await TableAsync().ConfigureAwait(true);
        await table.WriteAsync(this.GetPrimaryKeyString(), batch).ConfigureAwait(true);
    }

    private async Task<RunIndexTable> TableAsync() => _table ??= await RunIndexTable.OpenAsync(_tables).ConfigureAwait(true);
}
