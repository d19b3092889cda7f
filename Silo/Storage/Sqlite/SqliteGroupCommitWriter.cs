using System.Threading.Channels;
using Loom.Errors;
using Loom.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Loom.Silo.Storage.Sqlite;

/// <summary>
/// The file's only writer. Callers queue their requests; one loop takes whatever is queued, applies
/// each request in one transaction (a batch inside its own savepoint, so a refused request undoes
/// only itself), commits once and then releases every caller of the group. Under <see cref="SqliteDurability.Full"/> a group pays one fsync, however many
/// writers it holds. The loop never waits for a group to fill: it commits what is there, so a lone
/// writer is not delayed and a busy store forms large groups on its own while the previous commit runs.
/// </summary>
internal sealed class SqliteGroupCommitWriter : IAsyncDisposable
{
    /// <summary>The most requests one group takes, to bound how long its first caller waits.</summary>
    public const int MaxGroupRequests = 256;

    /// <summary>A group stops taking requests once it holds this many writes (batches hold up to 100).</summary>
    public const int MaxGroupWrites = 1000;

    private readonly SqliteConnection _connection;
    private readonly ILogger _logger;
    private readonly Channel<SqliteWriteRequest> _queue = Channel.CreateUnbounded<SqliteWriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<SqliteWriteRequest> _group = new(MaxGroupRequests);
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _savepoint;
    private readonly SqliteCommand _release;
    private readonly SqliteCommand _rollbackToSavepoint;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _replace;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _exists;
    private readonly SqliteCommand _loadETag;
    private readonly SqliteCommand _saveETag;
    private readonly SqliteCommand[] _commands;
    private long _lastETag;
    private Task _loop = Task.CompletedTask;

    /// <summary>Takes over a writer connection (see <see cref="SqliteFile.OpenWriter"/>); call <see cref="Start"/> to begin writing.</summary>
    public SqliteGroupCommitWriter(SqliteConnection connection, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
        _begin = Command("BEGIN IMMEDIATE");
        _commit = Command("COMMIT");
        _rollback = Command("ROLLBACK");
        _savepoint = Command("SAVEPOINT request");
        _release = Command("RELEASE request");
        _rollbackToSavepoint = Command("ROLLBACK TO request");
        _insert = Command("INSERT INTO rows(table_name, pk, rk, etag, data) VALUES($t, $pk, $rk, $etag, $data) ON CONFLICT DO NOTHING", "$t", "$pk", "$rk", "$etag", "$data");
        _upsert = Command("INSERT INTO rows(table_name, pk, rk, etag, data) VALUES($t, $pk, $rk, $etag, $data) ON CONFLICT DO UPDATE SET etag = excluded.etag, data = excluded.data", "$t", "$pk", "$rk", "$etag", "$data");

        // An ETag this store did not give binds $expected to NULL, and "etag = NULL" holds for no row.
        _replace = Command("UPDATE rows SET etag = $etag, data = $data WHERE table_name = $t AND pk = $pk AND rk = $rk AND ($any OR etag = $expected)", "$t", "$pk", "$rk", "$etag", "$data", "$any", "$expected");
        _delete = Command("DELETE FROM rows WHERE table_name = $t AND pk = $pk AND rk = $rk AND ($any OR etag = $expected)", "$t", "$pk", "$rk", "$any", "$expected");
        _exists = Command("SELECT 1 FROM rows WHERE table_name = $t AND pk = $pk AND rk = $rk", "$t", "$pk", "$rk");
        _loadETag = Command("SELECT value FROM meta WHERE name = 'etag'");
        _saveETag = Command("UPDATE meta SET value = $value WHERE name = 'etag'", "$value");
        _commands = [_begin, _commit, _rollback, _savepoint, _release, _rollbackToSavepoint, _insert, _upsert, _replace, _delete, _exists, _loadETag, _saveETag];

        // A file written before every group saved the counter may hold rows above it.
        using var highWater = Command("SELECT max((SELECT value FROM meta WHERE name = 'etag'), (SELECT coalesce(max(etag), 0) FROM rows))");
        _lastETag = (long)highWater.ExecuteScalar()!;
    }

    /// <summary>
    /// Starts the loop that commits queued requests, on a thread of its own: it is the store's
    /// bottleneck, so it should neither queue behind callers' work on the thread pool nor hold a pool
    /// thread while the disk syncs.
    /// </summary>
    public void Start() => _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Queues a request and completes once its group is committed. Cancelling withdraws the request
    /// only while it is still queued; once a group has taken it, it completes as the group does.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public Task<string?[]> WriteAsync(SqliteWriteRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_queue.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(nameof(SqliteTableStoreFactory), "The SQLite store is closed.");
        }

        return cancellationToken.CanBeCanceled ? WithCancellationAsync(request, cancellationToken) : request.Outcome;
    }

    /// <summary>Commits what is queued, stops the loop and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);

        // Only a writer that never started leaves requests behind.
        while (_queue.Reader.TryRead(out var orphan))
        {
            orphan.Fail(new ObjectDisposedException(nameof(SqliteTableStoreFactory), "The SQLite store was closed before the write was taken."));
        }

        foreach (var command in _commands)
        {
            command.Dispose();
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task<string?[]> WithCancellationAsync(SqliteWriteRequest request, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(static (state, token) => ((SqliteWriteRequest)state!).Cancel(token), request);
        return await request.Outcome.ConfigureAwait(false);
    }

    private void Run()
    {
        var queue = _queue.Reader;

        // Blocking is this thread's idle state: it has nothing else to do until a request arrives.
        while (queue.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            _group.Clear();
            var writes = 0;
            while (_group.Count < MaxGroupRequests && writes < MaxGroupWrites && queue.TryRead(out var request))
            {
                if (request.TryTake())
                {
                    _group.Add(request);
                    writes += request.Writes.Count;
                }
            }

            if (_group.Count > 0)
            {
                CommitGroup();
            }
        }
    }

    private void CommitGroup()
    {
        try
        {
            _begin.ExecuteNonQuery();

            // The counter lives in the file and every group saves it under the file's write lock, so
            // no other writer (another process on the same file, or a later run of this one) issues an
            // ETag again, not even that of a deleted row a caller may still hold.
            _lastETag = Math.Max(_lastETag, (long)_loadETag.ExecuteScalar()!);
            foreach (var request in _group)
            {
                Apply(request);
            }

            Bind(_saveETag, _lastETag).ExecuteNonQuery();
            _commit.ExecuteNonQuery();
        }
        catch (Exception error)
        {
            // Whatever broke (BEGIN, a statement that took the transaction down, or COMMIT itself),
            // nothing of the group is durable, so every caller in it must hear so.
            SqliteLog.GroupFailed(_logger, error, _group.Count);
            RollBack();
            foreach (var request in _group)
            {
                request.Fail(error);
            }

            return;
        }

        foreach (var request in _group)
        {
            request.Publish();
        }
    }

    private void Apply(SqliteWriteRequest request)
    {
        // One write is one statement, which SQLite applies whole or not at all, and a refused one
        // changed nothing: only a request of several writes needs a savepoint to undo its first ones.
        var savepoint = request.Writes.Count > 1;
        if (savepoint)
        {
            _savepoint.ExecuteNonQuery();
        }

        try
        {
            request.Refusal = ApplyWrites(request);
        }
        catch (SqliteException error) when (InTransaction)
        {
            // The statement failed but the transaction survived: only this request is lost.
            request.Refusal = error;
        }

        if (!savepoint)
        {
            return;
        }

        if (request.Refusal is not null)
        {
            _rollbackToSavepoint.ExecuteNonQuery();
        }

        _release.ExecuteNonQuery();
    }

    private TableConflict? ApplyWrites(SqliteWriteRequest request)
    {
        for (var i = 0; i < request.Writes.Count; i++)
        {
            var write = request.Writes[i];
            var (reason, eTag) = ApplyWrite(request.TableKey, write);
            if (reason is { } refused)
            {
                return new TableConflict(refused, request.Table, write.PartitionKey, write.RowKey, request.IsBatch ? i : null);
            }

            request.ETags[i] = eTag;
        }

        return null;
    }

    private (TableConflictReason? Refused, string? ETag) ApplyWrite(string table, SqliteWrite write)
    {
        var (partitionKey, rowKey) = (write.PartitionKey, write.RowKey);
        switch (write.Kind)
        {
            case TableOperationKind.Insert:
                var inserted = ++_lastETag;
                return Bind(_insert, table, partitionKey, rowKey, inserted, write.Data).ExecuteNonQuery() == 0
                    ? (TableConflictReason.AlreadyExists, null)
                    : (null, SqliteETag.Format(inserted));
            case TableOperationKind.Upsert:
                var upserted = ++_lastETag;
                Bind(_upsert, table, partitionKey, rowKey, upserted, write.Data).ExecuteNonQuery();
                return (null, SqliteETag.Format(upserted));
            case TableOperationKind.Replace:
                var replaced = ++_lastETag;
                return Bind(_replace, table, partitionKey, rowKey, replaced, write.Data, write.AnyETag, write.ExpectedETag).ExecuteNonQuery() == 0
                    ? (WhyRefused(table, partitionKey, rowKey), null)
                    : (null, SqliteETag.Format(replaced));
            default:
                return Bind(_delete, table, partitionKey, rowKey, write.AnyETag, write.ExpectedETag).ExecuteNonQuery() == 0
                    ? (WhyRefused(table, partitionKey, rowKey), null)
                    : (null, null);
        }
    }

    private TableConflictReason WhyRefused(string table, string partitionKey, string rowKey) =>
        Bind(_exists, table, partitionKey, rowKey).ExecuteScalar() is null ? TableConflictReason.NotFound : TableConflictReason.ETagMismatch;

    /// <summary>Sets a prepared command's parameters in the order <see cref="Command"/> declared them.</summary>
    private static SqliteCommand Bind(SqliteCommand command, params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    private void RollBack()
    {
        if (!InTransaction)
        {
            return;
        }

        try
        {
            _rollback.ExecuteNonQuery();
        }
        catch (SqliteException error)
        {
            SqliteLog.RollbackFailed(_logger, error);
        }
    }

    /// <summary>Whether a transaction is open: SQLite ends it by itself after some errors (a full disk, an I/O error).</summary>
    private bool InTransaction => SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0;

    private SqliteCommand Command(string sql, params ReadOnlySpan<string> parameters) => SqliteFile.Prepare(_connection, sql, parameters);
}
