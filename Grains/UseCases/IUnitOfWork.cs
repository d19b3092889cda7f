namespace Loom.UseCases;

/// <summary>The transaction a top-level write use case runs in, and the retries a top-level read-only one gets.</summary>
public interface IUnitOfWork
{
    /// <summary>Whether the caller already runs inside one, in which case a nested use case joins it.</summary>
    bool IsActive { get; }

    /// <summary>
    /// Runs <paramref name="work"/> on <paramref name="state"/> in a new transaction: commits when it returns, aborts when it throws
    /// (rethrowing its exception) and reruns it when the transaction aborts for contention, a bounded
    /// number of times, within <see cref="UseCaseOptions.RetryBudget"/> of which the caller already
    /// <paramref name="spent"/> some on the same call.
    /// </summary>
    /// <remarks>
    /// The state is an object, as in <see cref="CancellationToken.Register(Action{object?}, object?)"/>,
    /// rather than a type parameter: a generic interface method is dispatched through a runtime lookup
    /// on every call, and this call is on every write use case's path.
    /// </remarks>
    ValueTask<object?> RunAsync(string useCase, object state, Func<object, ValueTask<object?>> work, TimeSpan spent = default);

    /// <summary>
    /// Runs a read-only <paramref name="work"/> outside any transaction of the caller's, and runs it
    /// again when a read's own transaction aborts (a lock that a crash, or a write's recovery from one,
    /// broke), a bounded number of times: a read has nothing to undo.
    /// </summary>
    ValueTask<object?> ReadAsync(string useCase, object state, Func<object, ValueTask<object?>> work);
}
