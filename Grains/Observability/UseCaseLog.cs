using Microsoft.Extensions.Logging;

namespace Loom.Observability;

/// <summary>The structured log lines of the use-case engine.</summary>
internal static partial class UseCaseLog
{
    [LoggerMessage(1, LogLevel.Information, "[EXEC] {UseCase}")]
    public static partial void Started(ILogger logger, string useCase);

    [LoggerMessage(2, LogLevel.Information, "[DONE] {UseCase} {DurationMs:F1}ms status={Status}")]
    public static partial void Done(ILogger logger, string useCase, double durationMs, string status);

    [LoggerMessage(3, LogLevel.Warning, "[FAIL] {UseCase} {DurationMs:F1}ms status={Status}: {Reason}")]
    public static partial void Rejected(ILogger logger, string useCase, double durationMs, string status, string reason);

    [LoggerMessage(4, LogLevel.Error, "[FAIL] {UseCase} {DurationMs:F1}ms status={Status}")]
    public static partial void Failed(ILogger logger, Exception error, string useCase, double durationMs, string status);

    [LoggerMessage(5, LogLevel.Debug, "[STEP] {UseCase}: {Step}")]
    public static partial void Step(ILogger logger, string useCase, string step);

    [LoggerMessage(6, LogLevel.Debug, "[COMPILE] {UseCase} in {DurationMs:F1}ms")]
    public static partial void Compiled(ILogger logger, string useCase, double durationMs);

    [LoggerMessage(7, LogLevel.Warning, "[RETRY] {UseCase} attempt {Attempt} aborted, retrying in {DelayMs}ms: {Reason}")]
    public static partial void Retrying(ILogger logger, string useCase, int attempt, int delayMs, string reason);
}
