using Loom.Errors;
using Loom.Samples.Ledger;

namespace Loom.Benchmarks.InProcess;

/// <summary>The transfer's checks and arithmetic, shared by every variant so they differ only in plumbing.</summary>
public static class TransferRules
{
    public static RuleViolation? Positive(TransferCommand command) =>
        command.Amount > 0 ? null : new RuleViolation(nameof(command.Amount), "must be positive");

    public static RuleViolation? Distinct(TransferCommand command) =>
        command.FromAccountId != command.ToAccountId ? null : new RuleViolation(nameof(command.ToAccountId), "must differ");

    public static RuleViolation? Covered(TransferCommand command, Account payer) =>
        payer.Balance >= command.Amount ? null : new RuleViolation(nameof(command.Amount), "exceeds the balance");

    public static (Account Debited, Account Credited) Apply(TransferCommand command, Account payer, Account payee) =>
        (payer with { Balance = payer.Balance - command.Amount }, payee with { Balance = payee.Balance + command.Amount });

    /// <summary>Loads both accounts, checks every rule and writes both: the hand-written and Wolverine body.</summary>
    public static TransferResult Run(AccountStore store, TransferCommand command)
    {
        var payer = store.Accounts.GetValueOrDefault(command.FromAccountId) ?? throw new NotFound("Account", command.FromAccountId);
        var payee = store.Accounts.GetValueOrDefault(command.ToAccountId) ?? throw new NotFound("Account", command.ToAccountId);
        Check(command, payer);
        var (debited, credited) = Apply(command, payer, payee);
        store.Accounts[debited.Id] = debited;
        store.Accounts[credited.Id] = credited;
        return new TransferResult("t", AccountView.Of(debited), AccountView.Of(credited));
    }

    /// <summary>Every rule, all violations together.</summary>
    private static void Check(TransferCommand command, Account payer) =>
        ThrowIfAny(new[] { Positive(command), Distinct(command), Covered(command, payer) });

    /// <summary>Throws the violations found, all together, if there are any.</summary>
    public static void ThrowIfAny(ReadOnlySpan<RuleViolation?> found)
    {
        List<RuleViolation>? violations = null;
        foreach (var violation in found)
        {
            if (violation is not null)
            {
                (violations ??= []).Add(violation);
            }
        }

        if (violations is not null)
        {
            throw new RuleViolations("Transfer", violations);
        }
    }
}
