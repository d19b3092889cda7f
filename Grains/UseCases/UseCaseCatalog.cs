using System.Collections.Frozen;
using Loom.Errors;

namespace Loom.UseCases;

/// <summary>The registered use cases, compiled at start-up, by name.</summary>
public sealed class UseCaseCatalog
{
    private readonly FrozenDictionary<string, ExecutionPlan> _byName;

    /// <summary>Compiles every registered use case; throws <see cref="CompilationError"/> on the first malformed one.</summary>
    public UseCaseCatalog(IEnumerable<UseCaseRegistration> registrations, UseCaseCompiler compiler)
    {
        var plans = registrations.Select(r => compiler.Compile(r.UseCaseType)).DistinctBy(p => p.UseCaseType).ToArray();
        var clash = plans.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new CompilationError(clash.Last().UseCaseType, $"the name '{clash.Key}' is already taken by {clash.First().UseCaseType.FullName}");
        }

        _byName = plans.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>Every plan.</summary>
    public IEnumerable<ExecutionPlan> Plans => _byName.Values;

    /// <summary>The plan registered under <paramref name="name"/>.</summary>
    /// <exception cref="UnknownUseCase">None is.</exception>
    public ExecutionPlan Get(string name) =>
        _byName.TryGetValue(name, out var plan) ? plan : throw new UnknownUseCase(name);
}
