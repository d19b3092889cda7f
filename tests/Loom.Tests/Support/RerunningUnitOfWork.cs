using Loom.UseCases;

namespace Loom.Tests.Support;

/// <summary>A unit of work that runs its work twice, as after an aborted attempt, calling <see cref="BetweenAttempts"/> in between.</summary>
public sealed class RerunningUnitOfWork : IUnitOfWork
{
    public Func<Task> BetweenAttempts { get; set; } = () => Task.CompletedTask;

    public bool IsActive => false;

    public async ValueTask<object?> RunAsync(string useCase, object state, Func<object, ValueTask<object?>> work, TimeSpan spent = default)
    {
        await work(state);
        await BetweenAttempts();
        return await work(state);
    }

    public ValueTask<object?> ReadAsync(string useCase, object state, Func<object, ValueTask<object?>> work) => work(state);
}
