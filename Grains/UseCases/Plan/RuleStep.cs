using Loom.Errors;

namespace Loom.UseCases;

/// <summary>A compiled <c>[Rule]</c> method: returns a violation, or null when the rule holds.</summary>
/// <param name="Name">The method's name.</param>
/// <param name="Check">The compiled call.</param>
public sealed record RuleStep(string Name, Func<object, IReadOnlySet<string>, UseCaseContext, RuleViolation?> Check);
