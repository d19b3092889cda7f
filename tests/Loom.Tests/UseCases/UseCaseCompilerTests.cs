using Loom.Observability;
using Loom.Samples.Ledger;
using Loom.Tests.Support;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.Tests.UseCases;

public sealed class UseCaseCompilerTests
{
    [Fact]
    public void Compiles_a_transfer_into_a_plan_with_every_step_in_declaration_order()
    {
        using var engine = new Engine();
        var plan = engine.Compiler.Compile(typeof(Transfer));

        Assert.Equal("Transfer", plan.Name);
        Assert.False(plan.ReadOnly);
        Assert.Equal(typeof(TransferCommand), plan.Input!.CommandType);
        Assert.Equal(["payer", "payee"], plan.Lookups.Select(l => l.Name));
        Assert.All(plan.Lookups, l => Assert.True(l.IsById));
        Assert.Equal(["AmountIsPositive", "AccountsAreDistinct", "FundsAreSufficient"], plan.Rules.Select(r => r.Name));
        Assert.Equal(3, plan.ArgumentCount);
    }

    [Fact]
    public void Reads_name_and_read_only_from_the_attribute()
    {
        using var engine = new Engine();
        var plan = engine.Compiler.Compile(typeof(CountWidgets));
        Assert.Equal("widgets.count", plan.Name);
        Assert.True(plan.ReadOnly);
        Assert.True(engine.Compiler.Compile(typeof(GetAccount)).ReadOnly);
    }

    [Fact]
    public void Compiles_once_and_caches_the_plan()
    {
        using var engine = new Engine();
        Assert.Null(engine.Compiler.GetPlan(typeof(Echo)));

        var first = engine.Compiler.Compile(typeof(Echo));

        Assert.Same(first, engine.Compiler.Compile(typeof(Echo)));
        Assert.Same(first, engine.Compiler.GetPlan(typeof(Echo)));
        Assert.Equal(1, engine.Events.Events.Count(e => e.Kind == UseCaseEventKind.CompileDone && e.UseCase == "Echo"));
    }

    [Fact]
    public void Emits_compile_started_and_done_events()
    {
        using var engine = new Engine();
        engine.Compiler.Compile(typeof(Echo));

        Assert.Equal(
            [UseCaseEventKind.CompileStarted, UseCaseEventKind.CompileDone],
            engine.Events.Events.Select(e => e.Kind));
        Assert.NotNull(engine.Events.Events[1].Duration);
    }

    [Theory]
    [InlineData(typeof(NoExecute), "no public Execute method")]
    [InlineData(typeof(TwoExecutes), "2 Execute methods")]
    [InlineData(typeof(TwoInputs), "'a' and 'b' are both [Input]")]
    [InlineData(typeof(LoadFromMissingParameter), "parameter 'widgetId', which is not a primitive parameter")]
    [InlineData(typeof(LoadFromMissingField), "command field 'Nope', which ResizeCommand does not have")]
    [InlineData(typeof(LoadFromCommandWithoutInput), "the use case has no [Input]")]
    [InlineData(typeof(RuleWithoutInput), "rule method 'Check' needs an [Input] command")]
    [InlineData(typeof(ComputeWithoutInput), "compute method 'Adjust' needs an [Input] command")]
    [InlineData(typeof(RuleWithBadSignature), "[Rule] 'Check' must be static RuleViolation Check(ResizeCommand command")]
    [InlineData(typeof(UnsupportedParameter), "parameter 'where' has unsupported type Uri")]
    [InlineData(typeof(LoadByPlainField), "by 'Size', which is neither its id nor a [Unique] property")]
    [InlineData(typeof(NullPolicyOnNonNullable), "must be declared nullable")]
    [InlineData(typeof(FalsePolicyOnLoad), "only [Exists] can bind")]
    [InlineData(typeof(ExistsIntoInt), "[Exists] 'exists' must be a bool")]
    [InlineData(typeof(EntityWithoutId), "entity type NoIdEntity needs a public Id property")]
    [InlineData(typeof(UnknownProfile), "load profile 'summary', but no IEntityProfile<Widget> is registered")]
    public void Refuses_a_malformed_declaration_naming_the_use_case_and_the_fault(Type useCase, string fault)
    {
        using var engine = new Engine();

        var error = Assert.Throws<CompilationError>(() => engine.Compiler.Compile(useCase));

        Assert.Same(useCase, error.UseCase);
        Assert.Contains(useCase.Name, error.Message);
        Assert.Contains(fault, error.Message);
        Assert.Null(engine.Compiler.GetPlan(useCase));
    }

    [Fact]
    public void Accepts_a_profile_that_is_registered()
    {
        using var engine = new Engine(services => services.AddKeyedSingleton<Entities.IEntityProfile<Widget>, HideName>("summary"));
        Assert.Equal("summary", engine.Compiler.Compile(typeof(UnknownProfile)).Lookups[0].Profile);
    }

    [Fact]
    public void The_catalog_refuses_two_use_cases_under_one_name()
    {
        using var engine = new Engine(typeof(Echo), typeof(EchoImpostor));

        var error = Assert.Throws<CompilationError>(() => engine.Executor);

        Assert.Contains("the name 'Echo' is already taken", error.Message);
    }

    private sealed class HideName : Entities.IEntityProfile<Widget>
    {
        public Widget Apply(Widget entity) => entity with { Name = "" };
    }
}
