namespace Loom.UseCases;

/// <summary>
/// Runs registered use cases. A stateless worker: any key will do, and every silo runs the calls it
/// receives; <see cref="UseCaseGrainFactoryExtensions.GetUseCaseExecutor"/> spreads a client's calls
/// over several keys, and so over the cluster's gateways.
/// </summary>
public interface IUseCaseExecutorGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Runs the named use case and returns its result as UTF-8 JSON. Failures arrive as
    /// <see cref="Errors.LoomError"/> subtypes (not found, rule violations, bad parameters or payload).
    /// </summary>
    Task<byte[]> ExecuteAsync(UseCaseRequest request);

    /// <summary>
    /// The silo this executor runs on. Executors run where their call arrived, so for a client's call
    /// this is the gateway that carried it.
    /// </summary>
    Task<SiloAddress> LocateAsync();

    /// <summary>Describes every registered use case, sorted by name.</summary>
    Task<IReadOnlyList<UseCaseDescription>> DescribeAsync();
}
