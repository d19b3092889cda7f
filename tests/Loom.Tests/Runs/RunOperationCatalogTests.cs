using Loom.Errors;
using Loom.Hosting;
using Loom.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.Tests.Runs;

public sealed class RunOperationCatalogTests
{
    private sealed class Collect : IRunStateHandler
    {
        public Task ExecuteAsync(RunStateContext context) => Task.CompletedTask;
    }

    private sealed class Deliver : IRunStateHandler
    {
        public Task ExecuteAsync(RunStateContext context) => Task.CompletedTask;
    }

    [Fact]
    public void Registered_operations_are_found_by_version_and_the_newest_is_latest()
    {
        using var services = new ServiceCollection()
            .AddRunOperation("statements", 1, graph => graph.State<Collect>("collect"))
            .AddRunOperation("statements", 2, graph => graph.State<Collect>("collect").State<Deliver>("deliver", "collect"))
            .AddRunOperation("audit", 1, graph => graph.State<Collect>("collect"))
            .BuildServiceProvider();
        var catalog = services.GetRequiredService<RunOperationCatalog>();

        Assert.Single(catalog.Find("statements", 1)!.Order);
        Assert.Equal(2, catalog.FindLatest("statements")!.Version);
        Assert.Null(catalog.Find("statements", 3));
        Assert.Null(catalog.FindLatest("nobody"));
        Assert.Equal(["audit", "statements"], catalog.Latest.Select(p => p.OperationId).Order(StringComparer.Ordinal));
        Assert.IsType<Deliver>(services.GetRequiredService(typeof(Deliver)));
    }

    [Fact]
    public void A_bad_graph_stops_registration_with_its_fault()
    {
        var error = Assert.Throws<InvalidRunPlan>(() => new ServiceCollection().AddRunOperation("statements", 1, graph => graph.State<Collect>("a", "b")));

        Assert.Equal(("missing_state_for_edge", "statements"), (error.Code, error.Operation));
    }

    [Fact]
    public void An_operation_registered_twice_under_one_version_is_refused()
    {
        using var services = new ServiceCollection()
            .AddRunOperation("statements", 1, graph => graph.State<Collect>("collect"))
            .AddRunOperation("statements", 1, graph => graph.State<Deliver>("deliver"))
            .BuildServiceProvider();

        var error = Assert.Throws<InvalidRunPlan>(() => services.GetRequiredService<RunOperationCatalog>());

        Assert.Equal(("duplicate_operation_version", "statements"), (error.Code, error.Operation));
    }
}
