namespace Loom.Silo.Storage.Sqlite;

/// <summary>
/// One caller's writes (a single operation or a batch) waiting for the group-commit loop, and how the
/// caller learns the outcome. The loop records a refusal or the new ETags while applying the writes,
/// and publishes them only once the group's commit returned.
/// </summary>
internal sealed class SqliteWriteRequest
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    private readonly TaskCompletionSource<string?[]> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    /// <summary>Creates a request for a table's writes.</summary>
    /// <param name="table">The table's name, as conflicts report it.</param>
    /// <param name="tableKey">The table's key in the <c>rows</c> table.</param>
    /// <param name="writes">The writes, applied all or none.</param>
    /// <param name="isBatch">Whether a conflict reports the index of the refused write.</param>
    public SqliteWriteRequest(string table, string tableKey, SqliteWrite[] writes, bool isBatch)
    {
        Table = table;
        TableKey = tableKey;
        Writes = writes;
        IsBatch = isBatch;
        ETags = new string?[writes.Length];
    }

    /// <summary>The table's name, as conflicts report it.</summary>
    public string Table { get; }

    /// <summary>The table's key in the <c>rows</c> table.</summary>
    public string TableKey { get; }

    /// <summary>The writes, applied all or none.</summary>
    public IReadOnlyList<SqliteWrite> Writes { get; }

    /// <summary>Whether a conflict reports the index of the refused write.</summary>
    public bool IsBatch { get; }

    /// <summary>The new ETag of each write (null for deletes), filled in by the loop.</summary>
    public string?[] ETags { get; }

    /// <summary>Why the writes were not applied, when they were not; set by the loop.</summary>
    public Exception? Refusal { get; set; }

    /// <summary>Completes with the ETags once the group is committed.</summary>
    public Task<string?[]> Outcome => _outcome.Task;

    /// <summary>Claims the request for a group; false when its caller cancelled first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>Withdraws the request if no group has taken it yet; once taken, it runs to its end.</summary>
    public void Cancel(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
        {
            _outcome.TrySetCanceled(cancellationToken);
        }
    }

    /// <summary>Tells the caller what the committed group did with its writes.</summary>
    public void Publish()
    {
        if (Refusal is { } refusal)
        {
            _outcome.TrySetException(refusal);
        }
        else
        {
            _outcome.TrySetResult(ETags);
        }
    }

    /// <summary>Tells the caller its writes were lost with their group.</summary>
    public void Fail(Exception error) => _outcome.TrySetException(error);
}
