using Loom.Entities;
using Loom.Errors;
using Loom.UseCases;

namespace Loom.Samples.Ledger;

/// <summary>The command that puts money into an account.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Amount">How much; positive.</param>
public sealed record DepositCommand(string AccountId, decimal Amount);

/// <summary>Puts money into an account.</summary>
[UseCase]
public sealed class Deposit(IRepository<Account> accounts)
{
    /// <summary>Only positive amounts.</summary>
    [Rule]
    public static RuleViolation? AmountIsPositive(DepositCommand command, IReadOnlySet<string> fields) =>
        LedgerRules.Positive(nameof(command.Amount), command.Amount);

    /// <summary>Adds the amount to the balance.</summary>
    public async Task<AccountView> Execute(
        [Input] DepositCommand command,
        [LoadById(From.Command, nameof(DepositCommand.AccountId))] Account account)
    {
        var updated = account with { Balance = account.Balance + command.Amount };
        await accounts.SaveAsync(updated);
        return AccountView.Of(updated);
    }
}
