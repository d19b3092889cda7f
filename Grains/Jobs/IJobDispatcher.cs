namespace Loom.Jobs;

/// <summary>
/// Dispatches jobs from a write use case. A job is another registered use case, run later in its own
/// transaction: it leaves only if the dispatching transaction commits, and its writes take effect
/// exactly once, since the job leaves the outbox in the transaction that runs it.
/// </summary>
public interface IJobDispatcher
{
    /// <summary>Dispatches the use case registered as <paramref name="useCase"/>.</summary>
    /// <exception cref="Errors.UnknownUseCase">No use case has that name.</exception>
    /// <exception cref="InvalidOperationException">Not called inside a write use case.</exception>
    Guid Dispatch(string useCase, object? parameters = null, object? payload = null);

    /// <summary>Dispatches <typeparamref name="TJob"/>.</summary>
    Guid Dispatch<TJob>(object? parameters = null, object? payload = null);
}
