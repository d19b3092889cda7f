using System.Collections.Concurrent;
using Loom.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Loom.Silo.Storage.Sqlite;

/// <summary>
/// Tables in one embedded SQLite file, in WAL mode. Every write of every table goes through one
/// connection driven by one group-commit loop (several writing connections gain nothing in SQLite and
/// starve one another); reads use a small pool of their own connections and never wait for writes.
/// A write completes only once the transaction holding it has committed under the configured
/// <see cref="SqliteDurability"/>. Dispose it to commit what is queued and close the file.
/// </summary>
public sealed class SqliteTableStoreFactory : ITableStoreFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, SqliteTableStore> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly SqliteGroupCommitWriter _writer;
    private readonly SqliteReaderPool _readers;
    private int _disposed;

    /// <summary>Opens (or creates) the file the options name, with its schema, and starts the writer.</summary>
    /// <exception cref="OptionsValidationException">A setting cannot work; the message names it.</exception>
    /// <exception cref="InvalidOperationException">SQLite cannot use WAL on this file, or the file is of a newer schema.</exception>
    public SqliteTableStoreFactory(IOptions<SqliteStorageOptions> options, ILogger<SqliteTableStoreFactory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        var validation = new SqliteStorageOptionsValidator().Validate(Options.DefaultName, settings);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SqliteStorageOptions), validation.Failures);
        }

        Path = System.IO.Path.GetFullPath(settings.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var connection = SqliteFile.OpenWriter(Path, settings.Durability);
        try
        {
            Pragmas = SqliteFile.ReadPragmas(connection);
            _writer = new SqliteGroupCommitWriter(connection, logger);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _readers = new SqliteReaderPool(Path);
        _writer.Start();
        SqliteLog.Opened(logger, Path, Pragmas.JournalMode, Pragmas.Synchronous);
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>The journal mode and synchronous level SQLite reported on the writer connection once they were applied.</summary>
    public SqlitePragmas Pragmas { get; }

    /// <inheritdoc />
    public ValueTask<ITableStore> OpenAsync(string tableName, CancellationToken cancellationToken = default)
    {
        TableRules.ValidateTableName(tableName);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);

        // Tables need no creation: a table is the rows under its key, so opening one writes nothing.
        return ValueTask.FromResult<ITableStore>(_tables.GetOrAdd(tableName, static (name, factory) => new SqliteTableStore(name, factory._writer, factory._readers), this));
    }

    /// <summary>Commits the writes already queued, then closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        _readers.Dispose();
    }
}
