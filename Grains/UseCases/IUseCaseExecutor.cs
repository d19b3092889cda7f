namespace Loom.UseCases;

/// <summary>Runs compiled use cases in-process: from a grain, a job, or another use case (which joins its unit of work).</summary>
public interface IUseCaseExecutor
{
    /// <summary>Runs the use case registered under <paramref name="name"/>.</summary>
    /// <exception cref="Errors.UnknownUseCase">No use case has that name.</exception>
    ValueTask<object?> ExecuteAsync(string name, UseCaseArguments arguments);

    /// <summary>Runs the use case of type <paramref name="useCaseType"/>.</summary>
    ValueTask<object?> ExecuteAsync(Type useCaseType, UseCaseArguments arguments);
}
