namespace Loom.Observability;

/// <summary>What a <see cref="UseCaseEvent"/> reports.</summary>
public enum UseCaseEventKind
{
    /// <summary>The compiler started inspecting a use case.</summary>
    CompileStarted,

    /// <summary>The compiler built a plan.</summary>
    CompileDone,

    /// <summary>An execution started.</summary>
    ExecutionStarted,

    /// <summary>An execution returned its result.</summary>
    ExecutionDone,

    /// <summary>An execution failed; <see cref="UseCaseEvent.Status"/> says whether on rules or otherwise.</summary>
    ExecutionFailed,

    /// <summary>A write use case's transaction aborted for contention and is about to run again; <see cref="UseCaseEvent.Error"/> says why.</summary>
    ExecutionRetried,
}
