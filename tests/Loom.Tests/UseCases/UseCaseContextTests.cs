using Loom.Tests.Support;
using Loom.UseCases;

namespace Loom.Tests.UseCases;

public sealed class UseCaseContextTests
{
    [Fact]
    public void Gets_each_argument_by_its_parameter_name_whatever_string_instance_names_it()
    {
        using var engine = new Engine();
        var plan = engine.Compiler.Compile(typeof(Echo));
        var context = new UseCaseExecution(plan, default, logsSteps: false);
        context.Values[plan.Slots["total"]] = 7L;
        context.Values[plan.Slots["note"]] = "hello";

        Assert.Equal(7L, context.Get<long>("total"));
        Assert.Equal("hello", context.Get<string>(new string("note".AsSpan())));
    }

    [Fact]
    public void Refuses_a_parameter_the_use_case_does_not_declare()
    {
        using var engine = new Engine();
        var plan = engine.Compiler.Compile(typeof(Echo));
        var context = new UseCaseExecution(plan, default, logsSteps: false);

        var error = Assert.Throws<KeyNotFoundException>(() => context.Get<int>("missing"));
        Assert.Equal("Echo declares no parameter 'missing'.", error.Message);
        Assert.Throws<ArgumentNullException>(() => context.Get<int>(null!));
    }
}
