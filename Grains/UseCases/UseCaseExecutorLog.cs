using Microsoft.Extensions.Logging;

namespace Loom.UseCases;

internal static partial class UseCaseExecutorLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "{UseCase} failed under idempotency key {Key}, and the failure could not be recorded; a retry with the key executes again.")]
    public static partial void FailureNotRecorded(ILogger logger, Exception error, string useCase, string key);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Swept {Count} expired idempotency receipts.")]
    public static partial void IdempotencySwept(ILogger logger, int count);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Sweeping expired idempotency receipts failed; the next sweep tries again.")]
    public static partial void IdempotencySweepFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "The expiry of idempotency receipts evicted from {Anchor} could not be noted; they will not be swept.")]
    public static partial void ExpiryNotNoted(ILogger logger, Exception error, string anchor);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "The idempotency receipts set aside on {Anchor} could not be moved to the table; a later call on it moves them.")]
    public static partial void BatchNotMoved(ILogger logger, Exception error, string anchor);
}
