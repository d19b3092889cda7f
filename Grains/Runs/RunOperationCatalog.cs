using Loom.Errors;

namespace Loom.Runs;

/// <summary>
/// Every operation the silo can run, by id and version, each compiled once when it was registered.
/// A run resumes on the version it started with for as long as that version stays registered.
/// </summary>
public sealed class RunOperationCatalog
{
    private readonly Dictionary<(string Operation, int Version), RunPlan> _plans = [];
    private readonly Dictionary<string, RunPlan> _latest = new(StringComparer.Ordinal);

    /// <summary>Builds the catalog from the plans registered with the host.</summary>
    /// <exception cref="InvalidRunPlan">An operation is registered twice under one version.</exception>
    public RunOperationCatalog(IEnumerable<RunPlan> plans)
    {
        ArgumentNullException.ThrowIfNull(plans);
        foreach (var plan in plans)
        {
            if (!_plans.TryAdd((plan.OperationId, plan.Version), plan))
            {
                throw new InvalidRunPlan(InvalidRunPlan.DuplicateVersion, plan.OperationId, [], $"version {plan.Version} is registered twice");
            }

            if (!_latest.TryGetValue(plan.OperationId, out var latest) || latest.Version < plan.Version)
            {
                _latest[plan.OperationId] = plan;
            }
        }
    }

    /// <summary>The operations, each at its latest version.</summary>
    public IEnumerable<RunPlan> Latest => _latest.Values;

    /// <summary>The plan of one version of an operation, or null when that version is not registered.</summary>
    public RunPlan? Find(string operationId, int version) => _plans.GetValueOrDefault((operationId, version));

    /// <summary>The newest registered version of an operation (the one new runs start on), or null.</summary>
    public RunPlan? FindLatest(string operationId) => _latest.GetValueOrDefault(operationId);
}
