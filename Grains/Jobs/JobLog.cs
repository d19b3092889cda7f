using Microsoft.Extensions.Logging;

namespace Loom.Jobs;

/// <summary>The structured log lines of the job runner.</summary>
internal static partial class JobLog
{
    [LoggerMessage(1, LogLevel.Warning, "[JOB] {UseCase} {JobId} failed on attempt {Attempt}, next run at {NotBefore:O}: {Reason}")]
    public static partial void WillRetry(ILogger logger, string useCase, Guid jobId, int attempt, DateTimeOffset notBefore, string reason);

    [LoggerMessage(2, LogLevel.Error, "[JOB] {UseCase} {JobId} failed for good after {Attempts} attempts: {Reason}")]
    public static partial void FailedForGood(ILogger logger, string useCase, Guid jobId, int attempts, string reason);

    [LoggerMessage(3, LogLevel.Error, "[JOB] partition {Partition} could not drain")]
    public static partial void DrainFailed(ILogger logger, Exception error, long partition);

    [LoggerMessage(4, LogLevel.Warning, "[JOB] {UseCase} {JobId} was cut short by the cluster ({Interruptions} in a row, no attempt used up), next run at {NotBefore:O}: {Reason}")]
    public static partial void Interrupted(ILogger logger, string useCase, Guid jobId, int interruptions, DateTimeOffset notBefore, string reason);
}
