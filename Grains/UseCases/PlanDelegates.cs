using System.Linq.Expressions;
using System.Reflection;
using Loom.Errors;

namespace Loom.UseCases;

/// <summary>Compiles the calls a plan makes (Execute, computes, rules, command getters) into delegates, once.</summary>
internal static class PlanDelegates
{
    public static Func<object, object?[], ValueTask<object?>> Invoker(MethodInfo execute)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var call = Expression.Call(
            Expression.Convert(instance, execute.DeclaringType!),
            execute,
            execute.GetParameters().Select((p, i) => Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), p.ParameterType)));
        return Expression.Lambda<Func<object, object?[], ValueTask<object?>>>(Wrap(call, execute.ReturnType), instance, arguments).Compile();
    }

    public static Type? ResultType(Type returnType) => returnType switch
    {
        _ when returnType == typeof(void) || returnType == typeof(Task) || returnType == typeof(ValueTask) => null,
        { IsGenericType: true } when returnType.GetGenericTypeDefinition() == typeof(Task<>) => returnType.GetGenericArguments()[0],
        { IsGenericType: true } when returnType.GetGenericTypeDefinition() == typeof(ValueTask<>) => returnType.GetGenericArguments()[0],
        _ => returnType,
    };

    public static Func<object, IReadOnlySet<string>, UseCaseContext, object> Compute(MethodInfo method) =>
        CommandFunction<Func<object, IReadOnlySet<string>, UseCaseContext, object>>(method, typeof(object));

    public static Func<object, IReadOnlySet<string>, UseCaseContext, RuleViolation?> Rule(MethodInfo method) =>
        CommandFunction<Func<object, IReadOnlySet<string>, UseCaseContext, RuleViolation?>>(method, typeof(RuleViolation));

    public static Func<object, object?> Getter(PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var body = Expression.Convert(Expression.Property(Expression.Convert(instance, property.DeclaringType!), property), typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, instance).Compile();
    }

    /// <summary>Reads <paramref name="property"/> of the command bound at <paramref name="slot"/> among the arguments, in one call.</summary>
    public static Func<object?[], object?> ArgumentProperty(int slot, PropertyInfo property)
    {
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var command = Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(slot)), property.DeclaringType!);
        var body = Expression.Convert(Expression.Property(command, property), typeof(object));
        return Expression.Lambda<Func<object?[], object?>>(body, arguments).Compile();
    }

    private static TDelegate CommandFunction<TDelegate>(MethodInfo method, Type returnAs)
        where TDelegate : Delegate
    {
        var parameters = method.GetParameters();
        var command = Expression.Parameter(typeof(object), "command");
        var fields = Expression.Parameter(typeof(IReadOnlySet<string>), "fields");
        var context = Expression.Parameter(typeof(UseCaseContext), "context");
        Expression[] arguments = parameters.Length == 3
            ? [Expression.Convert(command, parameters[0].ParameterType), fields, context]
            : [Expression.Convert(command, parameters[0].ParameterType), fields];
        var body = Expression.Convert(Expression.Call(method, arguments), returnAs);
        return Expression.Lambda<TDelegate>(body, command, fields, context).Compile();
    }

    private static Expression Wrap(MethodCallExpression call, Type returnType)
    {
        if (returnType == typeof(void))
        {
            return Expression.Block(call, Expression.Default(typeof(ValueTask<object?>)));
        }

        var helper = returnType switch
        {
            _ when returnType == typeof(Task) => nameof(FromTask),
            _ when returnType == typeof(ValueTask) => nameof(FromValueTask),
            { IsGenericType: true } when returnType.GetGenericTypeDefinition() == typeof(Task<>) => nameof(FromTaskOf),
            { IsGenericType: true } when returnType.GetGenericTypeDefinition() == typeof(ValueTask<>) => nameof(FromValueTaskOf),
            _ => nameof(FromValue),
        };
        var method = typeof(PlanDelegates).GetMethod(helper, BindingFlags.NonPublic | BindingFlags.Static)!;
        if (method.IsGenericMethodDefinition)
        {
            method = method.MakeGenericMethod(ResultType(returnType)!);
        }

        return Expression.Call(method, call);
    }

    private static ValueTask<object?> FromValue<T>(T value) => new(value);

    private static ValueTask<object?> FromTaskOf<T>(Task<T> task) =>
        task.IsCompletedSuccessfully ? new(task.Result) : Await(task);

    private static ValueTask<object?> FromValueTaskOf<T>(ValueTask<T> task) =>
        task.IsCompletedSuccessfully ? new(task.Result) : Await(task.AsTask());

    private static async ValueTask<object?> FromTask(Task task)
    {
        await task;
        return null;
    }

    private static async ValueTask<object?> FromValueTask(ValueTask task)
    {
        await task;
        return null;
    }

    private static async ValueTask<object?> Await<T>(Task<T> task) => await task;
}
