using Microsoft.Extensions.Logging;

namespace Loom.Runs;

internal static partial class RunLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Run {RunId} of {OperationId} v{Version} started.")]
    public static partial void Started(ILogger logger, string runId, string operationId, int version);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Run {RunId}: state {StateId} attempt {Attempt} failed (retryable: {Retryable}).")]
    public static partial void StateFailed(ILogger logger, Exception error, string runId, string stateId, int attempt, bool retryable);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Run {RunId} ended {Status}.")]
    public static partial void Ended(ILogger logger, string runId, string status);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Run {RunId} halted: {Code}: {Reason}")]
    public static partial void Halted(ILogger logger, string runId, string code, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Run {RunId} stopped on an error; the sweep of its wake-up bucket resumes it.")]
    public static partial void LoopFailed(ILogger logger, Exception error, string runId);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Run {RunId}: failpoint stopped it after state {StateId} attempt {Attempt}, before the outcome was recorded.")]
    public static partial void StoppedByFailpoint(ILogger logger, string runId, string stateId, int attempt);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Debug, Message = "Wake-up bucket {Bucket} swept: {Listed} runs listed, {Unfinished} still unfinished.")]
    public static partial void Swept(ILogger logger, int bucket, int listed, int unfinished);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Wake-up sweep could not resume run {RunId}; the next sweep tries again.")]
    public static partial void SweepResumeFailed(ILogger logger, Exception error, string runId);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "Run {RunId}: state {StateId} attempt {Attempt} was cut short by the cluster; it runs again without using up an attempt.")]
    public static partial void StateInterrupted(ILogger logger, Exception error, string runId, string stateId, int attempt);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Warning, Message = "Run {RunId} ended {Phase} but its end could not be indexed; it stays listed, and its bucket's sweep indexes it again.")]
    public static partial void EndNotIndexed(ILogger logger, Exception error, string runId, string phase);
}
