namespace Loom.UseCases;

/// <summary>
/// Runs registered use cases. A stateless worker: call it with key 0 and Orleans spreads the load
/// over local activations.
/// </summary>
public interface IUseCaseExecutorGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Runs the named use case and returns its result as UTF-8 JSON. Failures arrive as
    /// <see cref="Errors.LoomError"/> subtypes (not found, rule violations, bad parameters or payload).
    /// </summary>
    Task<byte[]> ExecuteAsync(UseCaseRequest request);

    /// <summary>Describes every registered use case, sorted by name.</summary>
    Task<IReadOnlyList<UseCaseDescription>> DescribeAsync();
}
