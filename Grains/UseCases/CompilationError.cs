namespace Loom.UseCases;

/// <summary>A use case's declaration is malformed. Raised at start-up, so a silo never runs a broken plan.</summary>
public sealed class CompilationError : Exception
{
    /// <summary>Creates the error for the use case type and what is wrong with it.</summary>
    public CompilationError(Type useCase, string problem) : base($"Use case {useCase.Name} cannot be compiled: {problem}.")
    {
        UseCase = useCase;
        Problem = problem;
    }

    /// <summary>The use case type.</summary>
    public Type UseCase { get; }

    /// <summary>What is wrong, without the use case's name.</summary>
    public string Problem { get; }
}
