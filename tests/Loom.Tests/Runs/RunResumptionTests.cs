using Loom.Errors;
using Loom.Runs;
using Loom.Runs.History;

namespace Loom.Tests.Runs;

public sealed class RunResumptionTests
{
    private sealed class Step : IRunStateHandler
    {
        public Task ExecuteAsync(RunStateContext context) => Task.CompletedTask;
    }

    private static readonly RunPlan Plan = RunPlanCompiler.Compile("statements", 1, new RunGraphBuilder()
        .State<Step>("collect").State<Step>("render", "collect").State<Step>("deliver", "render"));

    private static readonly RunConfig Config = new(ExecutionMode.Sequential, new RetryPolicy(3, BackoffKind.Exponential, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)));

    private static RunStarted Started(string graphHash = "") => new("statements", 1, graphHash.Length == 0 ? Plan.GraphHash : graphHash, "manifest", "s0");

    private static RunDecision Decide(params RunEvent[] events) => RunResumption.DecideAll(Plan, Config, RunHistory.Fold("run-1", events), new HashSet<string>()).Single();

    [Fact]
    public void A_new_run_enters_its_first_state_from_the_initial_context()
    {
        Assert.Equal(new EnterState("collect", 0, "s0", TimeSpan.Zero), Decide(Started()));
    }

    [Fact]
    public void After_a_completed_state_the_next_one_starts_from_its_snapshot()
    {
        Assert.Equal(new EnterState("render", 0, "s1", TimeSpan.Zero), Decide(Started(), new StateEntered("collect", 0, "s0"), new StateCompleted("collect", 0, "s1")));
    }

    [Fact]
    public void An_ended_run_is_returned_untouched()
    {
        var completion = new RunCompleted(RunStatus.Failed, "s1");

        Assert.Equal(new RunAlreadyEnded(completion), Decide(Started(), new StateEntered("collect", 0, "s0"), new StateFailed("collect", 0, "boom", false), completion));
    }

    [Fact]
    public void An_attempt_entered_but_never_finished_runs_again_as_the_next_attempt_from_its_base()
    {
        var decision = Decide(Started(), new StateEntered("collect", 0, "s0"), new StateCompleted("collect", 0, "s1"), new StateEntered("render", 0, "s1"));

        Assert.Equal(new EnterState("render", 1, "s1", TimeSpan.Zero), decision);
    }

    [Fact]
    public void A_retryable_failure_is_retried_after_the_backoff_while_attempts_remain()
    {
        var decision = Decide(Started(), new StateEntered("collect", 0, "s0"), new StateFailed("collect", 0, "flaky", true), new StateEntered("collect", 1, "s0"), new StateFailed("collect", 1, "flaky", true));

        Assert.Equal(new EnterState("collect", 2, "s0", TimeSpan.FromMilliseconds(200)), decision);
    }

    [Fact]
    public void A_retryable_failure_with_no_attempts_left_fails_the_run()
    {
        var events = new List<RunEvent> { Started() };
        for (var attempt = 0; attempt < 3; attempt++)
        {
            events.Add(new StateEntered("collect", attempt, "s0"));
            events.Add(new StateFailed("collect", attempt, "flaky", true));
        }

        Assert.Equal(new EndRun(RunStatus.Failed, "s0"), Decide([.. events]));
    }

    [Fact]
    public void Attempts_the_cluster_cut_short_run_again_with_a_growing_wait_and_do_not_use_up_the_retry_policy()
    {
        var events = new List<RunEvent> { Started() };
        for (var attempt = 0; attempt < 5; attempt++)
        {
            events.Add(new StateEntered("collect", attempt, "s0"));
            events.Add(new StateInterrupted("collect", attempt, "silo unavailable"));
        }

        Assert.Equal(new EnterState("collect", 5, "s0", TimeSpan.FromSeconds(4)), Decide([.. events]));

        // Three handler failures in all still end it, whatever the interruptions between them.
        events.Add(new StateEntered("collect", 5, "s0"));
        events.Add(new StateFailed("collect", 5, "flaky", true));
        Assert.Equal(new EnterState("collect", 6, "s0", TimeSpan.FromMilliseconds(100)), Decide([.. events]));
        events.Add(new StateEntered("collect", 6, "s0"));
        events.Add(new StateInterrupted("collect", 6, "connection failed"));
        Assert.Equal(new EnterState("collect", 7, "s0", TimeSpan.FromMilliseconds(250)), Decide([.. events]));
        events.Add(new StateEntered("collect", 7, "s0"));
        events.Add(new StateFailed("collect", 7, "flaky", true));
        Assert.Equal(new EnterState("collect", 8, "s0", TimeSpan.FromMilliseconds(200)), Decide([.. events]));
        events.Add(new StateEntered("collect", 8, "s0"));
        events.Add(new StateFailed("collect", 8, "flaky", true));
        Assert.Equal(new EndRun(RunStatus.Failed, "s0"), Decide([.. events]));
    }

    [Fact]
    public void An_interruption_recorded_and_read_back_keeps_its_fields()
    {
        var (type, data) = RunEventCodec.Encode(new StateInterrupted("collect", 2, "silo unavailable"));

        Assert.Equal(new StateInterrupted("collect", 2, "silo unavailable"), RunEventCodec.Decode("run-1", type, data));
    }

    [Fact]
    public void A_failure_that_is_not_retryable_fails_the_run_at_once()
    {
        var decision = Decide(Started(), new StateEntered("collect", 0, "s0"), new StateCompleted("collect", 0, "s1"), new StateEntered("render", 0, "s1"), new StateFailed("render", 0, "bad input", false));

        Assert.Equal(new EndRun(RunStatus.Failed, "s1"), decision);
    }

    [Fact]
    public void A_run_whose_states_all_completed_ends_as_completed_with_the_last_snapshot()
    {
        var decision = Decide(
            Started(),
            new StateEntered("collect", 0, "s0"), new StateCompleted("collect", 0, "s1"),
            new StateEntered("render", 0, "s1"), new StateCompleted("render", 0, "s2"),
            new StateEntered("deliver", 0, "s2"), new StateCompleted("deliver", 0, "s3"));

        Assert.Equal(new EndRun(RunStatus.Completed, "s3"), decision);
    }

    [Fact]
    public void A_run_started_on_another_graph_under_the_same_version_is_stopped()
    {
        var decision = Decide(Started(graphHash: "older"), new StateEntered("collect", 0, "s0"));

        Assert.Equal(new RunGraphChanged("older", Plan.GraphHash), decision);
    }

    [Fact]
    public void Domain_events_change_nothing_about_what_runs_next()
    {
        Assert.Equal(new EnterState("render", 0, "s1", TimeSpan.Zero), Decide(Started(), new StateEntered("collect", 0, "s0"), new DomainEventRecorded("collect", "collected", "{}"), new StateCompleted("collect", 0, "s1")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_history_that_does_not_start_with_run_started_is_refused(bool empty)
    {
        RunEvent[] events = empty ? [] : [new StateEntered("collect", 0, "s0")];

        var error = Assert.Throws<InvalidRunHistory>(() => RunHistory.Fold("run-1", events));

        Assert.Equal(("missing_run_started", "run-1"), (error.Code, error.RunId));
    }

    [Fact]
    public void An_outcome_without_its_attempt_entered_is_refused()
    {
        var error = Assert.Throws<InvalidRunHistory>(() => RunHistory.Fold("run-1", [Started(), new StateCompleted("collect", 0, "s1")]));

        Assert.Equal("terminal_without_entered", error.Code);
    }

    [Fact]
    public void A_second_run_started_is_refused()
    {
        var error = Assert.Throws<InvalidRunHistory>(() => RunHistory.Fold("run-1", [Started(), Started()]));

        Assert.Equal("run_started_twice", error.Code);
    }
}
