using Loom.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loom.Hosting;

/// <summary>Registers durable-run operations with a service collection.</summary>
public static class RunServiceCollectionExtensions
{
    /// <summary>
    /// Registers the graph <paramref name="configure"/> declares as <paramref name="operationId"/>
    /// version <paramref name="version"/>. The graph is checked here, so a bad one stops the host
    /// while it is being configured, with an <see cref="Errors.InvalidRunPlan"/> naming the fault.
    /// </summary>
    public static IServiceCollection AddRunOperation(this IServiceCollection services, string operationId, int version, Action<RunGraphBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var graph = new RunGraphBuilder();
        configure(graph);
        var plan = RunPlanCompiler.Compile(operationId, version, graph);
        foreach (var state in plan.Order)
        {
            services.TryAddTransient(state.Handler);
        }

        services.AddSingleton(plan);
        services.TryAddSingleton<RunOperationCatalog>();
        return services;
    }
}
