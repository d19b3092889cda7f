using Microsoft.Extensions.Logging;

namespace Loom.UseCases;

internal static partial class UseCaseExecutorLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "{UseCase} failed under idempotency record {Record}, and the failure could not be recorded; a retry with the key executes again.")]
    public static partial void FailureNotRecorded(ILogger logger, Exception error, string useCase, string record);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Swept {Count} expired idempotency records.")]
    public static partial void IdempotencySwept(ILogger logger, int count);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Sweeping expired idempotency records failed; the next sweep tries again.")]
    public static partial void IdempotencySweepFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "The expiry of idempotency record {Record} could not be noted; the record will not be swept.")]
    public static partial void ExpiryNotNoted(ILogger logger, Exception error, string record);
}
