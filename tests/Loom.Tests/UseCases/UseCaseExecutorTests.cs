using System.Diagnostics;
using Loom.Errors;
using Loom.Observability;
using Loom.Samples.Ledger;
using Loom.Tests.Support;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Loom.Tests.UseCases;

public sealed class UseCaseExecutorTests
{
    private static readonly Guid Key = Guid.Parse("6f1c7a52-46a1-4c53-9a43-1f6fd2e1a001");

    [Fact]
    public async Task Coerces_parameters_to_their_declared_types()
    {
        using var engine = new Engine();

        var result = await engine.RunJsonAsync<Echo>(
            $$"""{"count":"42","total":9000000000,"key":"{{Key}}","colour":"blue","at":"2026-01-02T03:04:05+00:00","flag":true}""",
            payload: null);

        Assert.Equal($"42|9000000000|{Key}|Blue|2026-01-02T03:04:05.0000000+00:00|True|none", result);
    }

    [Theory]
    [InlineData("""{"count":"forty","total":1,"key":"00000000-0000-0000-0000-000000000000","colour":"Red","at":"2026-01-01T00:00:00Z","flag":true}""", "count", "Int32", "\"forty\"")]
    [InlineData("""{"count":1,"total":1.5,"key":"00000000-0000-0000-0000-000000000000","colour":"Red","at":"2026-01-01T00:00:00Z","flag":true}""", "total", "Int64", "1.5")]
    [InlineData("""{"count":1,"total":1,"key":"nope","colour":"Red","at":"2026-01-01T00:00:00Z","flag":true}""", "key", "Guid", "\"nope\"")]
    [InlineData("""{"count":1,"total":1,"key":"00000000-0000-0000-0000-000000000000","colour":"Green","at":"2026-01-01T00:00:00Z","flag":true}""", "colour", "Colour", "\"Green\"")]
    [InlineData("""{"count":1,"total":1,"key":"00000000-0000-0000-0000-000000000000","colour":"Red","at":"2026-01-01T00:00:00Z","flag":null}""", "flag", "Boolean", "null")]
    [InlineData("""{"count":99999999999,"total":1,"key":"00000000-0000-0000-0000-000000000000","colour":"Red","at":"2026-01-01T00:00:00Z","flag":true}""", "count", "Int32", "99999999999")]
    public async Task Refuses_a_value_that_does_not_fit_naming_use_case_parameter_type_and_value(string parameters, string parameter, string type, string received)
    {
        using var engine = new Engine();

        var error = await Assert.ThrowsAsync<ParameterBindingError>(() => engine.RunJsonAsync<Echo>(parameters, null));

        Assert.Equal(("Echo", parameter, type, received), (error.UseCase, error.Parameter, error.ExpectedType, error.Received));
        Assert.Contains($"'{parameter}'", error.Message);
    }

    [Fact]
    public async Task A_missing_parameter_is_named_and_an_optional_one_takes_its_default()
    {
        using var engine = new Engine();

        var error = await Assert.ThrowsAsync<ParameterBindingError>(() => engine.RunAsync<Echo>(new { count = 1 }));

        Assert.Equal("total", error.Parameter);
        Assert.Null(error.Received);
        Assert.Contains("missing required parameter 'total'", error.Message);
    }

    [Fact]
    public async Task A_parameter_the_use_case_does_not_declare_is_named()
    {
        using var engine = new Engine();

        var error = await Assert.ThrowsAsync<ParameterBindingError>(() => engine.RunJsonAsync<CountWidgets>("""{"add":1,"ad":2}""", null));

        Assert.Equal(("widgets.count", "ad", "none"), (error.UseCase, error.Parameter, error.ExpectedType));
        Assert.Contains("unknown parameter 'ad'", error.Message);
    }

    [Fact]
    public async Task Parameters_that_are_not_an_object_are_refused()
    {
        using var engine = new Engine();
        var error = await Assert.ThrowsAsync<ParameterBindingError>(() => engine.RunJsonAsync<Echo>("[1,2]", null));
        Assert.Equal("$", error.Parameter);
    }

    [Fact]
    public async Task Builds_the_command_records_the_fields_set_and_applies_computes_in_order()
    {
        using var engine = new Engine();
        await engine.Repository<Widget>().SaveAsync(new Widget("w1", "gear", 3));

        var withoutNote = await engine.RunAsync<ResizeWidget>(new { doubled = true }, new { widgetId = "w1", size = 5 });
        var withNote = await engine.RunAsync<ResizeWidget>(new { doubled = false }, new { widgetId = "w1", size = 20, note = "mine" });

        Assert.Equal("10:auto", withoutNote);
        Assert.Equal("20:mine", withNote);
        Assert.Equal(20, (await engine.Repository<Widget>().GetByIdAsync("w1"))!.Size);
    }

    [Fact]
    public async Task More_parameters_and_loads_than_fit_inline_are_bound_and_read_in_lock_order()
    {
        using var engine = new Engine();
        for (var i = 1; i <= 8; i++)
        {
            await engine.Repository<Widget>().SaveAsync(new Widget($"w{i}", $"gear {i}", i));
        }

        var parameters = new { w1 = "w8", w2 = "w7", w3 = "w6", w4 = "w5", w5 = "w4", w6 = "w3", w7 = "w2", w8 = "w1", w9 = "w0" };
        var result = await engine.RunAsync<WeighNineWidgets>(parameters);
        var missingParameter = await Assert.ThrowsAsync<ParameterBindingError>(() => engine.RunJsonAsync<WeighNineWidgets>(
            """{"w1":"w1","w2":"w2","w3":"w3","w4":"w4","w5":"w5","w6":"w6","w7":"w7","w8":"w8"}""", null));

        Assert.Equal("36:none", result);
        Assert.Equal([.. Enumerable.Range(0, 9).Select(i => $"Widget:Id=w{i}")], engine.Log.Reads);
        Assert.Equal("w9", missingParameter.Parameter);
    }

    [Fact]
    public async Task A_rerun_attempt_rebuilds_its_command_and_reloads_its_entities()
    {
        var rerunning = new RerunningUnitOfWork();
        using var engine = new Engine(services => services.AddSingleton<IUnitOfWork>(rerunning));
        var widgets = engine.Repository<Widget>();
        await widgets.SaveAsync(new Widget("w1", "gear", 3));
        rerunning.BetweenAttempts = () => widgets.SaveAsync(new Widget("w1", "gear", 3));

        var rerun = await engine.RunAsync<ResizeWidget>(new { doubled = true }, new { widgetId = "w1", size = 5 });

        await widgets.SaveAsync(new Widget("w1", "gear", 3));
        rerunning.BetweenAttempts = () => widgets.SaveAsync(new Widget("w1", "gear", 15));
        var outgrown = await Assert.ThrowsAsync<RuleViolations>(
            () => engine.RunAsync<ResizeWidget>(new { doubled = true }, new { widgetId = "w1", size = 5 }));

        Assert.Equal("10:auto", rerun);
        Assert.Equal("must grow", Assert.Single(outgrown.Violations).Message);
        Assert.Equal(15, (await widgets.GetByIdAsync("w1"))!.Size);
    }

    [Theory]
    [InlineData(null, "$", "a payload is required")]
    [InlineData("[1]", "$", "expected a JSON object")]
    [InlineData("""{"widgetId":"w1","size":"big"}""", "$.size", "could not be converted")]
    [InlineData("""{"widgetId":"w1","size":3,"colour":"red"}""", "$.colour", "colour")]
    [InlineData("""{"size":3}""", "$", "widgetId")]
    public async Task A_bad_payload_is_refused_naming_the_field(string? payload, string field, string reason)
    {
        using var engine = new Engine();
        await engine.Repository<Widget>().SaveAsync(new Widget("w1", "gear", 1));

        var error = await Assert.ThrowsAsync<PayloadError>(() => engine.RunJsonAsync<ResizeWidget>("""{"doubled":false}""", payload));

        Assert.Equal("ResizeWidget", error.UseCase);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason);
        Assert.Equal(1, (await engine.Repository<Widget>().GetByIdAsync("w1"))!.Size);
    }

    [Fact]
    public async Task Runs_every_rule_and_reports_all_violations_together()
    {
        using var engine = new Engine();
        await engine.Repository<Widget>().SaveAsync(new Widget("w1", "gear", 8));

        var error = await Assert.ThrowsAsync<RuleViolations>(() =>
            engine.RunAsync<ResizeWidget>(new { doubled = false }, new { widgetId = "w1", size = -1 }));

        Assert.Equal(
            [new RuleViolation("Size", "must be positive"), new RuleViolation("Size", "must grow")],
            error.Violations);
        Assert.Equal(8, (await engine.Repository<Widget>().GetByIdAsync("w1"))!.Size);
    }

    [Fact]
    public async Task The_sample_transfer_reports_all_three_rules_at_once()
    {
        using var engine = new Engine();
        await engine.Repository<Account>().SaveAsync(new Account("a", "Ann", 10));

        var error = await Assert.ThrowsAsync<RuleViolations>(() =>
            engine.RunAsync<Transfer>(payload: new TransferCommand("a", "a", -5)));
        Assert.Equal(["Amount", "ToAccountId"], error.Violations.Select(v => v.Field));

        var overdraft = await Assert.ThrowsAsync<RuleViolations>(() =>
            engine.RunAsync<Transfer>(payload: new TransferCommand("a", "a", 50)));
        Assert.Equal(["ToAccountId", "Amount"], overdraft.Violations.Select(v => v.Field));
    }

    [Fact]
    public async Task A_missing_entity_raises_not_found_with_entity_and_id()
    {
        using var engine = new Engine();

        var error = await Assert.ThrowsAsync<NotFound>(() =>
            engine.RunAsync<ResizeWidget>(new { doubled = false }, new { widgetId = "ghost", size = 5 }));

        Assert.Equal(("Widget", "ghost"), (error.Entity, error.Id));
    }

    [Fact]
    public async Task Loads_by_id_and_unique_field_applies_null_and_false_policies()
    {
        using var engine = new Engine();
        await engine.Repository<Widget>().SaveAsync(new Widget("w1", "gear", 1));
        await engine.Repository<Widget>().SaveAsync(new Widget("w2", "cog", 2));

        var result = await engine.RunAsync<CompareWidgets>(new { second = "w2", first = "w1", name = "cog", maybe = "w9" });

        Assert.Equal("w1,w2,w2,null,False", result);
        Assert.Equal("w1,w2,w2,w1,True", await engine.RunAsync<CompareWidgets>(new { second = "w2", first = "w1", name = "cog", maybe = "w1" }));
    }

    [Fact]
    public async Task Exists_with_raise_policy_raises_not_found()
    {
        using var engine = new Engine();
        var error = await Assert.ThrowsAsync<NotFound>(() => engine.RunAsync<RequireWidget>(new { id = "w7" }));
        Assert.Equal("w7", error.Id);
    }

    [Fact]
    public async Task Takes_entity_locks_in_canonical_order_whatever_the_declaration_order()
    {
        using var engine = new Engine();
        await engine.Repository<Widget>().SaveAsync(new Widget("w1", "gear", 1));
        await engine.Repository<Widget>().SaveAsync(new Widget("w2", "cog", 2));

        await engine.RunAsync<CompareWidgets>(new { second = "w2", first = "w1", name = "gear", maybe = "w0" });

        Assert.Equal(
            ["Widget:Name=gear", "Widget:Id=w0", "Widget:Id=w0", "Widget:Id=w1", "Widget:Id=w1", "Widget:Id=w2"],
            engine.Log.Reads);
    }

    [Fact]
    public async Task Opposite_transfers_lock_the_same_accounts_in_the_same_order()
    {
        using var engine = new Engine();
        await engine.Repository<Account>().SaveAsync(new Account("x", "X", 100));
        await engine.Repository<Account>().SaveAsync(new Account("y", "Y", 100));

        await engine.RunAsync<Transfer>(payload: new TransferCommand("y", "x", 1));
        await engine.RunAsync<Transfer>(payload: new TransferCommand("x", "y", 1));

        Assert.Equal(["Account:Id=x", "Account:Id=y", "Account:Id=x", "Account:Id=y"], engine.Log.Reads);
    }

    [Fact]
    public async Task Loads_and_raises_the_same_when_repositories_answer_asynchronously()
    {
        using var engine = new Engine(services => services.AddSingleton<ReadLatency>());
        await engine.Repository<Account>().SaveAsync(new Account("x", "X", 100));
        await engine.Repository<Account>().SaveAsync(new Account("y", "Y", 100));

        await engine.RunAsync<Transfer>(payload: new TransferCommand("y", "x", 1));
        var error = await Assert.ThrowsAsync<NotFound>(() => engine.RunAsync<Transfer>(payload: new TransferCommand("x", "ghost", 1)));

        Assert.Equal(("Account", "ghost"), (error.Entity, error.Id));
        Assert.Equal(["Account:Id=x", "Account:Id=y", "Account:Id=ghost", "Account:Id=x"], engine.Log.Reads);
        Assert.Equal(99, ((Account)(await engine.Repository<Account>().GetByIdAsync("y"))!).Balance);
    }

    [Fact]
    public async Task An_unobserved_execution_reports_failures_through_its_task_only()
    {
        using var engine = new Engine(services => services.RemoveAll<IUseCaseEventSink>());
        await engine.Repository<Account>().SaveAsync(new Account("x", "X", 100));

        var pending = engine.Executor.ExecuteAsync(typeof(Transfer), UseCaseArguments.From(payload: new TransferCommand("x", "ghost", 1)));

        var error = await Assert.ThrowsAsync<NotFound>(() => pending.AsTask());
        Assert.Equal("ghost", error.Id);
        await Assert.ThrowsAsync<RuleViolations>(() => engine.RunAsync<Transfer>(payload: new TransferCommand("x", "x", 0)));
    }

    [Fact]
    public async Task A_write_use_case_opens_a_unit_of_work_and_a_read_only_one_does_not()
    {
        using var engine = new Engine();
        await engine.Repository<Account>().SaveAsync(new Account("a", "Ann", 10));

        await engine.RunAsync<GetAccount>(new { accountId = "a" });
        Assert.Equal(0, engine.UnitOfWork.Opened);

        await engine.RunAsync<Deposit>(payload: new DepositCommand("a", 5));
        Assert.Equal((1, 1, 0), (engine.UnitOfWork.Opened, engine.UnitOfWork.Committed, engine.UnitOfWork.RolledBack));

        await Assert.ThrowsAsync<RuleViolations>(() => engine.RunAsync<Deposit>(payload: new DepositCommand("a", -5)));
        Assert.Equal((2, 1, 1), (engine.UnitOfWork.Opened, engine.UnitOfWork.Committed, engine.UnitOfWork.RolledBack));
    }

    [Fact]
    public async Task A_nested_use_case_joins_the_outer_unit_of_work()
    {
        using var engine = new Engine();
        await engine.Repository<Widget>().SaveAsync(new Widget("w1", "gear", 1));

        var result = await engine.RunAsync<ResizeTwice>(new { widgetId = "w1" });

        Assert.Equal("60:auto", result);
        Assert.Equal(1, engine.UnitOfWork.Opened);
        Assert.Equal(3, engine.Events.Events.Count(e => e.Kind == UseCaseEventKind.ExecutionDone));
    }

    [Fact]
    public async Task Runs_void_and_value_task_execute_methods()
    {
        using var engine = new Engine();
        var before = DoNothing.Calls;

        Assert.Null(await engine.RunAsync<DoNothing>());
        Assert.Equal(before + 1, DoNothing.Calls);
        Assert.Equal(8, await engine.RunAsync<CountWidgets>(new { add = 7 }));
    }

    [Fact]
    public async Task Emits_start_and_done_or_error_events_with_status_duration_and_trace_id()
    {
        using var engine = new Engine();
        await engine.Repository<Account>().SaveAsync(new Account("a", "Ann", 10));
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == UseCaseTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        await engine.RunAsync<Deposit>(payload: new DepositCommand("a", 5));
        await Assert.ThrowsAsync<RuleViolations>(() => engine.RunAsync<Deposit>(payload: new DepositCommand("a", 0)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => engine.RunAsync<Fail>());

        var executions = engine.Events.Events.Where(e => e.Kind >= UseCaseEventKind.ExecutionStarted).ToArray();
        Assert.Equal(
            [
                (UseCaseEventKind.ExecutionStarted, "Deposit", (string?)null),
                (UseCaseEventKind.ExecutionDone, "Deposit", "success"),
                (UseCaseEventKind.ExecutionStarted, "Deposit", null),
                (UseCaseEventKind.ExecutionFailed, "Deposit", "rule_failure"),
                (UseCaseEventKind.ExecutionStarted, "Fail", null),
                (UseCaseEventKind.ExecutionFailed, "Fail", "failure"),
            ],
            executions.Select(e => (e.Kind, e.UseCase, e.Status)));
        Assert.All(executions, e => Assert.NotNull(e.TraceId));
        Assert.All(executions.Where(e => e.Kind != UseCaseEventKind.ExecutionStarted), e => Assert.NotNull(e.Duration));
        Assert.IsType<InvalidOperationException>(executions[^1].Error);
    }

    [Fact]
    public async Task Jobs_leave_with_the_commit_and_are_dropped_on_a_rollback()
    {
        using var engine = new Engine();
        await engine.Repository<Account>().SaveAsync(new Account("x", "X", 100));
        await engine.Repository<Account>().SaveAsync(new Account("y", "Y", 0));

        var result = (TransferResult)(await engine.RunAsync<Transfer>(payload: new TransferCommand("x", "y", 10)))!;
        await Assert.ThrowsAsync<RuleViolations>(() => engine.RunAsync<Transfer>(payload: new TransferCommand("x", "y", 1_000)));

        var job = Assert.Single(engine.UnitOfWork.Released);
        Assert.Equal(("NotifyTransfer", "Transfer"), (job.UseCase, job.DispatchedBy));
        Assert.Contains(result.TransferId, job.Payload);
    }

    [Fact]
    public async Task A_read_only_use_case_cannot_dispatch_a_job()
    {
        using var engine = new Engine();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.RunAsync<DispatchFromReadOnly>());

        Assert.Contains("job NotifyTransfer can only be dispatched from inside a write use case", error.Message);
    }

    [Fact]
    public async Task The_opt_in_step_log_traces_every_stage_in_order_with_each_lookup_s_source()
    {
        var logs = new CapturingLoggerProvider();
        using var engine = new Engine(services => services
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug))
            .Configure<UseCaseOptions>(o => o.LogSteps = true));
        await engine.Repository<Account>().SaveAsync(new Account("y", "Y", 100));
        await engine.Repository<Account>().SaveAsync(new Account("x", "X", 0));

        await engine.RunAsync<Transfer>(payload: new TransferCommand("y", "x", 5));

        Assert.Equal(
            [
                "[STEP] Transfer: Bind Input",
                "[STEP] Transfer: Load Account.Id=x (payee, from command field ToAccountId)",
                "[STEP] Transfer: Load Account.Id=y (payer, from command field FromAccountId)",
                "[STEP] Transfer: Rule AmountIsPositive",
                "[STEP] Transfer: Rule AccountsAreDistinct",
                "[STEP] Transfer: Rule FundsAreSufficient",
                "[STEP] Transfer: Execute",
            ],
            logs.Lines.Where(l => l.StartsWith("[STEP]", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Without_the_option_no_step_is_logged_even_at_debug_level()
    {
        var logs = new CapturingLoggerProvider();
        using var engine = new Engine(services => services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug)));

        await engine.RunAsync<CountWidgets>(new { add = 1 });

        Assert.Contains(logs.Lines, l => l.StartsWith("[DONE] widgets.count", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("[STEP]", StringComparison.Ordinal));
    }
}
