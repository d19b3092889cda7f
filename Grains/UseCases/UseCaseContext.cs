using Loom.Entities;

namespace Loom.UseCases;

/// <summary>
/// The values bound so far in one execution (parameters, the command, loaded entities and checks),
/// for compute and rule methods that need more than the command.
/// </summary>
public abstract class UseCaseContext
{
    private protected UseCaseContext(ExecutionPlan plan, bool logsSteps)
    {
        Plan = plan;
        Values = new object?[plan.ArgumentCount];
        LogsSteps = logsSteps;
    }

    /// <summary>The use case running.</summary>
    public string UseCase => Plan.Name;

    internal ExecutionPlan Plan { get; }

    /// <summary>The <c>Execute</c> arguments, by slot, as bound so far.</summary>
    internal object?[] Values { get; }

    internal bool LogsSteps { get; }

    /// <summary>
    /// The entity a call with an idempotency key records its receipt on: of the lookups by id, the first
    /// in lock order. It depends on the call's arguments only, so a retry anchors where the first call did.
    /// </summary>
    internal EntityKey? Anchor { get; set; }

    /// <summary>The value bound to the <c>Execute</c> parameter <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The use case declares no such parameter.</exception>
    public T Get<T>(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var names = Plan.SlotNames;
        for (var slot = 0; slot < names.Length; slot++)
        {
            if (names[slot] == name)
            {
                return (T)Values[slot]!;
            }
        }

        throw new KeyNotFoundException($"{Plan.Name} declares no parameter '{name}'.");
    }
}
