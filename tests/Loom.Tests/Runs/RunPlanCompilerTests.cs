using Loom.Errors;
using Loom.Runs;

namespace Loom.Tests.Runs;

public sealed class RunPlanCompilerTests
{
    private sealed class Collect : IRunStateHandler
    {
        public Task ExecuteAsync(RunStateContext context) => Task.CompletedTask;
    }

    private sealed class Render : IRunStateHandler
    {
        public Task ExecuteAsync(RunStateContext context) => Task.CompletedTask;
    }

    private static InvalidRunPlan Refused(RunGraphBuilder graph) => Assert.Throws<InvalidRunPlan>(() => RunPlanCompiler.Compile("statements", 1, graph));

    [Fact]
    public void An_empty_graph_is_refused()
    {
        var error = Refused(new RunGraphBuilder());

        Assert.Equal(("empty_plan", "statements"), (error.Code, error.Operation));
    }

    [Fact]
    public void A_state_declared_twice_is_refused_by_name()
    {
        var error = Refused(new RunGraphBuilder().State<Collect>("collect").State<Render>("collect"));

        Assert.Equal(("duplicate_state_id", "collect"), (error.Code, error.States.Single()));
    }

    [Theory]
    [InlineData("ghost", "collect")]
    [InlineData("collect", "ghost")]
    public void An_edge_to_or_from_an_undeclared_state_is_refused_naming_it(string from, string to)
    {
        var error = Refused(new RunGraphBuilder().State<Collect>("collect").Edge(from, to));

        Assert.Equal(("missing_state_for_edge", "ghost"), (error.Code, error.States.Single()));
        Assert.Contains($"{from} -> {to}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_is_refused_naming_exactly_the_states_in_it()
    {
        var graph = new RunGraphBuilder()
            .State<Collect>("start")
            .State<Collect>("a", "start", "c")
            .State<Collect>("b", "a")
            .State<Collect>("c", "b")
            .State<Render>("downstream", "c");

        var error = Refused(graph);

        Assert.Equal("circular_dependency", error.Code);
        Assert.Equal(error.States[0], error.States[^1]);
        Assert.Equal(["a", "b", "c"], error.States.Skip(1).Order(StringComparer.Ordinal));
        for (var i = 0; i + 1 < error.States.Count; i++)
        {
            Assert.Contains(new RunEdge(error.States[i], error.States[i + 1]), graph.Edges);
        }
    }

    [Fact]
    public void A_state_that_waits_for_itself_is_a_cycle()
    {
        var error = Refused(new RunGraphBuilder().State<Collect>("loop", "loop"));

        Assert.Equal("circular_dependency", error.Code);
        Assert.Equal(["loop", "loop"], error.States);
    }

    [Fact]
    public void States_run_after_their_dependencies_and_otherwise_in_declaration_order()
    {
        var plan = RunPlanCompiler.Compile("statements", 2, new RunGraphBuilder()
            .State<Render>("deliver", "render-pdf", "render-html")
            .State<Collect>("collect")
            .State<Render>("render-pdf", "collect")
            .State<Render>("render-html", "collect")
            .State<Collect>("audit"));

        Assert.Equal(["collect", "render-pdf", "render-html", "deliver", "audit"], plan.Order.Select(s => s.Id));
        Assert.Equal(["render-pdf", "render-html"], plan.Dependencies["deliver"]);
        Assert.Empty(plan.Dependencies["collect"]);
        Assert.Equal(("statements", 2, typeof(Render)), (plan.OperationId, plan.Version, plan.Order[1].Handler));
    }

    [Fact]
    public void The_graph_hash_changes_with_anything_declared_and_only_then()
    {
        static string Hash(int version, Type handler, bool edge)
        {
            var graph = new RunGraphBuilder().State<Collect>("collect").State("render", handler);
            if (edge)
            {
                graph.Edge("collect", "render");
            }

            return RunPlanCompiler.Compile("statements", version, graph).GraphHash;
        }

        var original = Hash(1, typeof(Render), edge: true);

        Assert.Equal(original, Hash(1, typeof(Render), edge: true));
        Assert.Matches("^[0-9a-f]{64}$", original);
        Assert.NotEqual(original, Hash(2, typeof(Render), edge: true));
        Assert.NotEqual(original, Hash(1, typeof(Collect), edge: true));
        Assert.NotEqual(original, Hash(1, typeof(Render), edge: false));
    }

    [Fact]
    public void A_chain_of_1000_states_compiles_in_order()
    {
        var graph = new RunGraphBuilder().State<Collect>("s0");
        for (var i = 1; i < 1000; i++)
        {
            graph.State<Collect>($"s{i}", $"s{i - 1}");
        }

        var plan = RunPlanCompiler.Compile("long", 1, graph);

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"s{i}"), plan.Order.Select(s => s.Id));
    }

    [Fact]
    public void A_handler_that_is_not_a_state_handler_is_refused_naming_the_state()
    {
        var error = Assert.Throws<ArgumentException>(() => new RunGraphBuilder().State("collect", typeof(string)));

        Assert.Contains("State 'collect'", error.Message, StringComparison.Ordinal);
    }
}
