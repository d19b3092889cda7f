using Microsoft.Extensions.Logging;

namespace Loom.UseCases;

internal static partial class UseCaseExecutorLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "{UseCase} failed under idempotency record {Record}, and the failure could not be recorded; a retry with the key executes again.")]
    public static partial void FailureNotRecorded(ILogger logger, Exception error, string useCase, string record);
}
