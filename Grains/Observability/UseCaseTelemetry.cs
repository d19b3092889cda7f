using System.Diagnostics;
using System.Diagnostics.Metrics;
using Loom.Errors;
using Microsoft.Extensions.Logging;

namespace Loom.Observability;

/// <summary>
/// Reports the use-case engine's events everywhere they go: the metrics port, structured logs and
/// OpenTelemetry (an activity per execution, an execution counter and a duration histogram).
/// </summary>
public sealed class UseCaseTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string SourceName = "Loom.UseCases";

    private static readonly ActivitySource Source = new(SourceName);

    private readonly IUseCaseEventSink[] _sinks;
    private readonly ILogger _logger;
    private readonly Counter<long> _executions;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _retries;

    /// <summary>Creates the telemetry over the registered sinks.</summary>
    public UseCaseTelemetry(IEnumerable<IUseCaseEventSink> sinks, IMeterFactory meters, ILogger<UseCaseTelemetry> logger)
    {
        _sinks = sinks.ToArray();
        _logger = logger;
        var meter = meters.Create(SourceName);
        _executions = meter.CreateCounter<long>("loom.usecase.executions", description: "Use-case executions by outcome.");
        _duration = meter.CreateHistogram<double>("loom.usecase.duration", unit: "ms", description: "Use-case execution time.");
        _retries = meter.CreateCounter<long>("loom.usecase.retries", description: "Transactions rerun after an abort for contention.");
    }

    /// <summary>Whether per-step debug lines are written.</summary>
    public bool LogsSteps => _logger.IsEnabled(LogLevel.Debug);

    internal long CompileStarted(string useCase)
    {
        Emit(UseCaseEventKind.CompileStarted, useCase);
        return Stopwatch.GetTimestamp();
    }

    internal void CompileDone(string useCase, long started)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        UseCaseLog.Compiled(_logger, useCase, elapsed.TotalMilliseconds);
        Emit(UseCaseEventKind.CompileDone, useCase, elapsed);
    }

    /// <summary>
    /// Whether anything could observe an execution: an activity listener, a sink, a meter listener or
    /// an enabled log level. When nothing can, the executor skips the execution events altogether.
    /// </summary>
    internal bool ObservesExecutions =>
        Source.HasListeners() || _sinks.Length > 0 || _executions.Enabled || _duration.Enabled || _logger.IsEnabled(LogLevel.Warning);

    /// <summary>
    /// Starts observing an execution. When nothing listens it returns an unobserved scope and costs
    /// next to nothing.
    /// </summary>
    internal ExecutionScope ExecutionStarted(string useCase)
    {
        var activity = Source.StartActivity(useCase);
        if (activity is null && _sinks.Length == 0 && !_executions.Enabled && !_duration.Enabled && !_logger.IsEnabled(LogLevel.Warning))
        {
            return default;
        }

        activity?.SetTag("loom.usecase", useCase);
        UseCaseLog.Started(_logger, useCase);
        Emit(UseCaseEventKind.ExecutionStarted, useCase);
        return new ExecutionScope(activity, Stopwatch.GetTimestamp());
    }

    internal void ExecutionDone(string useCase, ExecutionScope scope)
    {
        if (!scope.IsObserved)
        {
            return;
        }

        var (elapsed, activity) = (Stopwatch.GetElapsedTime(scope.Started), scope.Activity);
        Record(useCase, UseCaseStatus.Success, elapsed, activity);
        UseCaseLog.Done(_logger, useCase, elapsed.TotalMilliseconds, UseCaseStatus.Success);
        Emit(UseCaseEventKind.ExecutionDone, useCase, elapsed, UseCaseStatus.Success);
    }

    internal void ExecutionFailed(string useCase, ExecutionScope scope, Exception error)
    {
        if (!scope.IsObserved)
        {
            return;
        }

        var (elapsed, activity) = (Stopwatch.GetElapsedTime(scope.Started), scope.Activity);
        var status = error is RuleViolations ? UseCaseStatus.RuleFailure : UseCaseStatus.Failure;
        Record(useCase, status, elapsed, activity);
        activity?.SetStatus(ActivityStatusCode.Error, error.Message);
        if (error is LoomError)
        {
            UseCaseLog.Rejected(_logger, useCase, elapsed.TotalMilliseconds, status, error.Message);
        }
        else
        {
            UseCaseLog.Failed(_logger, error, useCase, elapsed.TotalMilliseconds, status);
        }

        Emit(UseCaseEventKind.ExecutionFailed, useCase, elapsed, status, error);
    }

    internal void Step(string useCase, string step) => UseCaseLog.Step(_logger, useCase, step);

    internal void Retrying(string useCase, int attempt, TimeSpan delay, Exception reason)
    {
        _retries.Add(1, new KeyValuePair<string, object?>("loom.usecase", useCase));
        UseCaseLog.Retrying(_logger, useCase, attempt, (int)delay.TotalMilliseconds, reason.Message);
        Emit(UseCaseEventKind.ExecutionRetried, useCase, error: reason);
    }

    private void Record(string useCase, string status, TimeSpan elapsed, Activity? activity)
    {
        if (_executions.Enabled || _duration.Enabled)
        {
            var tags = new TagList { { "loom.usecase", useCase }, { "loom.status", status } };
            _executions.Add(1, tags);
            _duration.Record(elapsed.TotalMilliseconds, tags);
        }

        activity?.SetTag("loom.status", status);
    }

    private void Emit(UseCaseEventKind kind, string useCase, TimeSpan? duration = null, string? status = null, Exception? error = null)
    {
        if (_sinks.Length == 0)
        {
            return;
        }

        var useCaseEvent = new UseCaseEvent(kind, useCase, duration, status, error, TraceId());
        foreach (var sink in _sinks)
        {
            sink.OnEvent(useCaseEvent);
        }
    }

    private static string? TraceId() => Activity.Current?.TraceId.ToString();
}
