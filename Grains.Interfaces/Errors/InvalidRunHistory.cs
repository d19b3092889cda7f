namespace Loom.Errors;

/// <summary>A run's stored history cannot be read as a run: it was damaged or written by something else.</summary>
[GenerateSerializer]
public sealed class InvalidRunHistory : LoomError
{
    /// <summary>The code for a history that does not begin with RunStarted.</summary>
    public const string MissingRunStarted = "missing_run_started";

    /// <summary>The code for a second RunStarted.</summary>
    public const string StartedTwice = "run_started_twice";

    /// <summary>The code for a state outcome without the matching StateEntered.</summary>
    public const string OutcomeWithoutEntry = "terminal_without_entered";

    /// <summary>The code for an event the engine cannot read.</summary>
    public const string UnknownEvent = "unknown_event";

    /// <summary>Creates the error for the run, the fault's code and what is wrong.</summary>
    public InvalidRunHistory(string code, string runId, string message)
        : base($"Run '{runId}': {message}")
    {
        FaultCode = code;
        RunId = runId;
    }

    /// <summary>Which fault: one of the constants of this class.</summary>
    [Id(0)]
    public string FaultCode { get; }

    /// <summary>The run whose history is at fault.</summary>
    [Id(1)]
    public string RunId { get; }

    /// <inheritdoc />
    public override string Code => FaultCode;
}
