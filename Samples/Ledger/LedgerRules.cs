using Loom.Errors;

namespace Loom.Samples.Ledger;

/// <summary>Checks the ledger's use cases share.</summary>
internal static class LedgerRules
{
    public static RuleViolation? Positive(string field, decimal amount) =>
        amount > 0 ? null : new RuleViolation(field, "must be positive");

    public static RuleViolation? Covers(string field, Account account, decimal amount) =>
        account.Balance >= amount ? null : new RuleViolation(field, $"exceeds the balance of account {account.Id} ({account.Balance})");
}
