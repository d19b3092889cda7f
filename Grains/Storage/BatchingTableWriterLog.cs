using Microsoft.Extensions.Logging;

namespace Loom.Storage;

internal static partial class BatchingTableWriterLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Warning, Message = "A lagging write to row {PartitionKey}/{RowKey} was not stored.")]
    public static partial void LaggingWriteFailed(ILogger logger, Exception error, string partitionKey, string rowKey);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "A lagging write to row {PartitionKey}/{RowKey} was refused: {Reason}.")]
    public static partial void LaggingWriteRefused(ILogger logger, string partitionKey, string rowKey, Loom.Errors.TableConflictReason reason);
}
