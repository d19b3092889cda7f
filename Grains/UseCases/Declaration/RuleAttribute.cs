namespace Loom.UseCases;

/// <summary>
/// Marks a static method of a use case that checks the command and returns a
/// <see cref="Errors.RuleViolation"/>, or null when the rule holds. Every rule runs; all violations
/// are reported together.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RuleAttribute : Attribute;
