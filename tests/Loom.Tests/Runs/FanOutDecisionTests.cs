using System.Text;
using System.Text.Json.Nodes;
using Loom.Runs;
using Loom.Runs.History;

namespace Loom.Tests.Runs;

public sealed class FanOutDecisionTests
{
    private sealed class Step : IRunStateHandler
    {
        public Task ExecuteAsync(RunStateContext context) => Task.CompletedTask;
    }

    private static readonly RunPlan Diamond = RunPlanCompiler.Compile("statements", 1, new RunGraphBuilder()
        .State<Step>("collect").State<Step>("pdf", "collect").State<Step>("html", "collect").State<Step>("deliver", "pdf", "html"));

    private static RunConfig FanOut(int concurrency, int attempts = 3) => new(ExecutionMode.FanOutJoin, new RetryPolicy(attempts, BackoffKind.Fixed, TimeSpan.FromMilliseconds(10), TimeSpan.Zero), concurrency);

    private static IReadOnlyList<RunDecision> Decide(RunConfig config, IEnumerable<string> running, params RunEvent[] events) =>
        RunResumption.DecideAll(Diamond, config, RunHistory.Fold("run", [new RunStarted("statements", 1, Diamond.GraphHash, "m", "s0"), .. events]), running.ToHashSet());

    private static readonly RunEvent[] Collected = [new StateEntered("collect", 0, "s0"), new StateCompleted("collect", 0, "s1")];

    [Fact]
    public void Every_state_whose_dependencies_completed_starts_at_once_up_to_the_limit()
    {
        Assert.Equal([new EnterState("collect", 0, "s0", TimeSpan.Zero)], Decide(FanOut(4), [], []));
        Assert.Equal([new EnterState("pdf", 0, "s1", TimeSpan.Zero), new EnterState("html", 0, "s1", TimeSpan.Zero)], Decide(FanOut(4), [], Collected));
        Assert.Equal([new EnterState("pdf", 0, "s1", TimeSpan.Zero)], Decide(FanOut(1), [], Collected));
    }

    [Fact]
    public void Running_states_count_against_the_limit_and_a_join_waits_for_all_its_dependencies()
    {
        Assert.Empty(Decide(FanOut(1), ["pdf"], [.. Collected, new StateEntered("pdf", 0, "s1")]));
        Assert.Equal([new EnterState("html", 0, "s1", TimeSpan.Zero)], Decide(FanOut(2), ["pdf"], [.. Collected, new StateEntered("pdf", 0, "s1")]));
        Assert.Empty(Decide(FanOut(4), ["html"], [.. Collected, new StateEntered("pdf", 0, "s1"), new StateEntered("html", 0, "s1"), new StateCompleted("pdf", 0, "s2")]));
    }

    [Fact]
    public void A_state_failed_for_good_lets_the_others_finish_then_fails_the_run()
    {
        RunEvent[] events = [.. Collected, new StateEntered("pdf", 0, "s1"), new StateEntered("html", 0, "s1"), new StateFailed("pdf", 0, "bad", false)];

        Assert.Empty(Decide(FanOut(4), ["html"], events));
        Assert.Equal([new EndRun(RunStatus.Failed, "s2")], Decide(FanOut(4), [], [.. events, new StateCompleted("html", 0, "s2")]));
    }

    [Fact]
    public void Crashed_parallel_attempts_both_run_again_from_their_bases()
    {
        var decisions = Decide(FanOut(4), [], [.. Collected, new StateEntered("pdf", 0, "s1"), new StateEntered("html", 0, "s1")]);

        Assert.Equal([new EnterState("pdf", 1, "s1", TimeSpan.Zero), new EnterState("html", 1, "s1", TimeSpan.Zero)], decisions);
    }

    [Fact]
    public void Parallel_branches_writing_different_keys_both_keep_their_work()
    {
        var original = """{"month":"2026-11"}"""u8;
        var latest = """{"month":"2026-11","pdf":"done"}"""u8;
        var changed = JsonNode.Parse("""{"month":"2026-11","html":"done"}""")!.AsObject();

        var merged = Encoding.UTF8.GetString(RunContextMerge.Apply(latest, original, changed));

        Assert.Equal("""{"month":"2026-11","pdf":"done","html":"done"}""", merged);
    }

    [Fact]
    public void A_branch_s_removals_and_changes_apply_and_the_later_write_of_a_key_wins()
    {
        var original = """{"a":1,"gone":true,"shared":"old"}"""u8;
        var latest = """{"a":1,"gone":true,"shared":"first","other":2}"""u8;
        var changed = JsonNode.Parse("""{"a":1,"shared":"second"}""")!.AsObject();

        var merged = JsonNode.Parse(RunContextMerge.Apply(latest, original, changed))!.AsObject();

        Assert.False(merged.ContainsKey("gone"));
        Assert.Equal(("second", 2), (merged["shared"]!.GetValue<string>(), merged["other"]!.GetValue<int>()));
    }
}
