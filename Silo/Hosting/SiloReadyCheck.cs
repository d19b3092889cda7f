using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Loom.Silo.Hosting;

/// <summary>Ready once this silo is an active member of its cluster and its use cases compiled.</summary>
internal sealed class SiloReadyCheck(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(membership.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"silo is {membership.CurrentStatus}"));
}
