namespace Loom.Errors;

/// <summary>One business rule that a command broke: the field at fault and why.</summary>
/// <param name="Field">The command field the rule is about.</param>
/// <param name="Message">What is wrong, in words a caller can show.</param>
[GenerateSerializer, Immutable]
public sealed record RuleViolation([property: Id(0)] string Field, [property: Id(1)] string Message);
