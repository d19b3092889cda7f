namespace Loom.UseCases;

/// <summary>
/// The values bound so far in one execution (parameters, the command, loaded entities and checks),
/// for compute and rule methods that need more than the command.
/// </summary>
public sealed class UseCaseContext
{
    private readonly ExecutionPlan _plan;
    private readonly object?[] _arguments;

    internal UseCaseContext(ExecutionPlan plan, object?[] arguments)
    {
        _plan = plan;
        _arguments = arguments;
    }

    /// <summary>The use case running.</summary>
    public string UseCase => _plan.Name;

    /// <summary>The value bound to the <c>Execute</c> parameter <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The use case declares no such parameter.</exception>
    public T Get<T>(string name) =>
        _plan.Slots.TryGetValue(name, out var slot)
            ? (T)_arguments[slot]!
            : throw new KeyNotFoundException($"{_plan.Name} declares no parameter '{name}'.");
}
