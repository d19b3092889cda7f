namespace Loom.UseCases;

/// <summary>Typed calls of <see cref="IUseCaseExecutor"/>.</summary>
public static class UseCaseExecutorExtensions
{
    /// <summary>Runs <typeparamref name="TUseCase"/> with parameters (an object or dictionary) and a command payload.</summary>
    public static async Task<TResult> ExecuteAsync<TUseCase, TResult>(this IUseCaseExecutor executor, object? parameters = null, object? payload = null) =>
        (TResult)(await executor.ExecuteAsync(typeof(TUseCase), UseCaseArguments.From(parameters, payload)))!;

    /// <summary>Runs <typeparamref name="TUseCase"/>, ignoring its result.</summary>
    public static async Task ExecuteAsync<TUseCase>(this IUseCaseExecutor executor, object? parameters = null, object? payload = null) =>
        await executor.ExecuteAsync(typeof(TUseCase), UseCaseArguments.From(parameters, payload));
}
