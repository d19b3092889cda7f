namespace Loom.Observability;

/// <summary>The outcome labels of an execution.</summary>
public static class UseCaseStatus
{
    /// <summary>Execute returned.</summary>
    public const string Success = "success";

    /// <summary>Something other than a rule failed.</summary>
    public const string Failure = "failure";

    /// <summary>One or more rules failed.</summary>
    public const string RuleFailure = "rule_failure";
}
