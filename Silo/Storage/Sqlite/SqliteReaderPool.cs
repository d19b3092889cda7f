using System.Collections.Concurrent;

namespace Loom.Silo.Storage.Sqlite;

/// <summary>
/// Idle readers kept for reuse, so a read costs neither opening a connection nor preparing a
/// statement. Reads run synchronously between rent and return, so no more readers are ever busy
/// than threads are reading, and the pool keeps at most a few per core.
/// </summary>
internal sealed class SqliteReaderPool(string path) : IDisposable
{
    private readonly ConcurrentBag<SqliteReader> _idle = [];
    private readonly int _maxIdle = Math.Max(4, 2 * Environment.ProcessorCount);
    private volatile bool _disposed;

    /// <summary>Reads with an idle reader, or a new one when none is idle.</summary>
    public T Read<TState, T>(TState state, Func<SqliteReader, TState, T> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var reader = _idle.TryTake(out var idle) ? idle : new SqliteReader(path);
        try
        {
            return read(reader, state);
        }
        finally
        {
            Return(reader);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private void Return(SqliteReader reader)
    {
        if (_disposed || _idle.Count >= _maxIdle)
        {
            reader.Dispose();
            return;
        }

        _idle.Add(reader);

        // A reader returned while Dispose was emptying the bag would stay open: close what is left.
        if (_disposed && _idle.TryTake(out var late))
        {
            late.Dispose();
        }
    }
}
