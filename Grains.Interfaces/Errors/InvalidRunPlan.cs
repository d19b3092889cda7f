namespace Loom.Errors;

/// <summary>
/// An operation's graph of states cannot run: it is empty, names a state twice, has an edge to a
/// state it does not declare, or has a cycle; or the operation is registered twice under one version. Raised when the operation is registered, so a silo
/// with a bad graph does not start.
/// </summary>
[GenerateSerializer]
public sealed class InvalidRunPlan : LoomError
{
    /// <summary>The code for a graph without states.</summary>
    public const string EmptyPlan = "empty_plan";

    /// <summary>The code for a state id declared twice.</summary>
    public const string DuplicateState = "duplicate_state_id";

    /// <summary>The code for an edge from or to a state the graph does not declare.</summary>
    public const string MissingStateForEdge = "missing_state_for_edge";

    /// <summary>The code for a cycle of dependencies.</summary>
    public const string CircularDependency = "circular_dependency";

    /// <summary>The code for an operation registered twice under one version.</summary>
    public const string DuplicateVersion = "duplicate_operation_version";

    /// <summary>Creates the error for the operation, the fault's code and the states involved.</summary>
    public InvalidRunPlan(string code, string operation, IReadOnlyList<string> states, string message)
        : base($"Operation '{operation}': {message}")
    {
        FaultCode = code;
        Operation = operation;
        States = states;
    }

    /// <summary>Which fault: one of the constants of this class.</summary>
    [Id(0)]
    public string FaultCode { get; }

    /// <summary>The operation whose graph is at fault.</summary>
    [Id(1)]
    public string Operation { get; }

    /// <summary>The states involved: the duplicate, the missing one, or the cycle in order (first state repeated last).</summary>
    [Id(2)]
    public IReadOnlyList<string> States { get; }

    /// <inheritdoc />
    public override string Code => FaultCode;
}
