using Loom.UseCases;

namespace Loom.Benchmarks.InProcess;

/// <summary>In-process the data is a dictionary, so no variant runs a transaction.</summary>
public sealed class NoTransaction : IUnitOfWork
{
    public bool IsActive => false;

    public ValueTask<object?> RunAsync(string useCase, object state, Func<object, ValueTask<object?>> work, TimeSpan spent = default) => work(state);

    public ValueTask<object?> ReadAsync(string useCase, object state, Func<object, ValueTask<object?>> work) => work(state);
}
