using Microsoft.Extensions.Logging;

namespace Loom.Silo.Storage.Sqlite;

/// <summary>The SQLite store's log messages.</summary>
internal static partial class SqliteLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Opened the SQLite store {Path} with journal_mode={JournalMode}, synchronous={Synchronous}")]
    public static partial void Opened(ILogger logger, string path, string journalMode, int synchronous);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "A group commit of {Requests} write requests failed; every one of their callers gets the error")]
    public static partial void GroupFailed(ILogger logger, Exception error, int requests);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Rolling back a failed group commit failed too; the next group will report the connection's state")]
    public static partial void RollbackFailed(ILogger logger, Exception error);
}
