using Loom.UseCases;

namespace Loom.Benchmarks.InProcess;

/// <summary>In-process the data is a dictionary, so no variant runs a transaction.</summary>
public sealed class NoTransaction : IUnitOfWork
{
    public bool IsActive => false;

    public ValueTask<object?> RunAsync<TState>(string useCase, TState state, Func<TState, ValueTask<object?>> work) => work(state);
}
