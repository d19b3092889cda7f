using Loom.Entities;
using Loom.Errors;
using Loom.UseCases;

namespace Loom.Samples.Ledger;

/// <summary>The command that takes money out of an account.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Amount">How much; positive and covered by the balance.</param>
public sealed record WithdrawCommand(string AccountId, decimal Amount);

/// <summary>Takes money out of an account.</summary>
[UseCase]
public sealed class Withdraw(IRepository<Account> accounts)
{
    /// <summary>Only positive amounts.</summary>
    [Rule]
    public static RuleViolation? AmountIsPositive(WithdrawCommand command, IReadOnlySet<string> fields) =>
        LedgerRules.Positive(nameof(command.Amount), command.Amount);

    /// <summary>The balance must cover the amount.</summary>
    [Rule]
    public static RuleViolation? FundsAreSufficient(WithdrawCommand command, IReadOnlySet<string> fields, UseCaseContext context) =>
        LedgerRules.Covers(nameof(command.Amount), context.Get<Account>("account"), command.Amount);

    /// <summary>Subtracts the amount from the balance.</summary>
    public async Task<AccountView> Execute(
        [Input] WithdrawCommand command,
        [LoadById(From.Command, nameof(WithdrawCommand.AccountId))] Account account)
    {
        var updated = account with { Balance = account.Balance - command.Amount };
        await accounts.SaveAsync(updated);
        return AccountView.Of(updated);
    }
}
