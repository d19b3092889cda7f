namespace Loom.Errors;

/// <summary>Every rule of a use case ran and at least one failed; all failures are reported together.</summary>
[GenerateSerializer]
public sealed class RuleViolations : LoomError
{
    /// <summary>Creates the error for the use case and the rules it broke.</summary>
    public RuleViolations(string useCase, IReadOnlyList<RuleViolation> violations)
        : base($"{useCase}: {violations.Count} rule(s) failed: {string.Join("; ", violations.Select(v => $"{v.Field}: {v.Message}"))}")
    {
        UseCase = useCase;
        Violations = violations;
    }

    /// <summary>The use case whose rules failed.</summary>
    [Id(0)]
    public string UseCase { get; }

    /// <summary>The violations, in the order the rules are declared.</summary>
    [Id(1)]
    public IReadOnlyList<RuleViolation> Violations { get; }

    /// <inheritdoc />
    public override string Code => "rule_violations";
}
