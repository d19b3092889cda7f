using Loom.Errors;
using Loom.UseCases;

namespace Loom.Tests.UseCases;

public sealed class NoExecute
{
    public int Run() => 1;
}

public sealed class TwoExecutes
{
    public int Execute() => 1;

    public int Execute(int x) => x;
}

public sealed class TwoInputs
{
    public int Execute([Input] ResizeCommand a, [Input] ResizeCommand b) => 1;
}

public sealed class LoadFromMissingParameter
{
    public int Execute([LoadById(From.Param, "widgetId")] Widget widget) => 1;
}

public sealed class LoadFromMissingField
{
    public int Execute([Input] ResizeCommand command, [LoadById(From.Command, "Nope")] Widget widget) => 1;
}

public sealed class LoadFromCommandWithoutInput
{
    public int Execute([LoadById(From.Command, "WidgetId")] Widget widget) => 1;
}

public sealed class RuleWithoutInput
{
    [Rule]
    public static RuleViolation? Check(ResizeCommand command, IReadOnlySet<string> fields) => null;

    public int Execute() => 1;
}

public sealed class ComputeWithoutInput
{
    [Compute]
    public static ResizeCommand Adjust(ResizeCommand command, IReadOnlySet<string> fields) => command;

    public int Execute() => 1;
}

public sealed class RuleWithBadSignature
{
    [Rule]
    public static bool Check(ResizeCommand command) => true;

    public int Execute([Input] ResizeCommand command) => 1;
}

public sealed class UnsupportedParameter
{
    public int Execute(Uri where) => 1;
}

public sealed class LoadByPlainField
{
    public int Execute(int size, [Load(From.Param, nameof(size), By = nameof(Widget.Size))] Widget widget) => 1;
}

public sealed class NullPolicyOnNonNullable
{
    public int Execute(string id, [LoadById(From.Param, nameof(id), OnMissing = OnMissing.Null)] Widget widget) => 1;
}

public sealed class FalsePolicyOnLoad
{
    public int Execute(string id, [LoadById(From.Param, nameof(id), OnMissing = OnMissing.False)] Widget widget) => 1;
}

public sealed class ExistsIntoInt
{
    public int Execute(string id, [Exists(typeof(Widget), From.Param, nameof(id))] int exists) => 1;
}

public sealed class EntityWithoutId
{
    public int Execute(string id, [LoadById(From.Param, nameof(id))] NoIdEntity entity) => 1;
}

public sealed class UnknownProfile
{
    public int Execute(string id, [LoadById(From.Param, nameof(id), Profile = "summary")] Widget widget) => 1;
}

[UseCase(Name = "Echo")]
public sealed class EchoImpostor
{
    public int Execute() => 1;
}
