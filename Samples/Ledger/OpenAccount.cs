using Loom.Entities;
using Loom.Errors;
using Loom.UseCases;

namespace Loom.Samples.Ledger;

/// <summary>The command that opens an account.</summary>
/// <param name="AccountId">The new account's id.</param>
/// <param name="Owner">Who owns it.</param>
/// <param name="InitialDeposit">The opening balance.</param>
/// <param name="Email">The owner's e-mail, unique across accounts.</param>
public sealed record OpenAccountCommand(string AccountId, string Owner, decimal InitialDeposit = 0, string? Email = null);

/// <summary>Opens an account with an optional initial deposit.</summary>
[UseCase]
public sealed class OpenAccount(IRepository<Account> accounts)
{
    /// <summary>The id must be free and the owner named; the deposit may be zero but not negative.</summary>
    [Rule]
    public static RuleViolation? IdIsFree(OpenAccountCommand command, IReadOnlySet<string> fields, UseCaseContext context) =>
        context.Get<bool>("taken") ? new RuleViolation(nameof(command.AccountId), $"account {command.AccountId} already exists") : null;

    /// <summary>An account needs an owner.</summary>
    [Rule]
    public static RuleViolation? OwnerIsNamed(OpenAccountCommand command, IReadOnlySet<string> fields) =>
        string.IsNullOrWhiteSpace(command.Owner) ? new RuleViolation(nameof(command.Owner), "must not be empty") : null;

    /// <summary>An account cannot open in debt.</summary>
    [Rule]
    public static RuleViolation? DepositIsNotNegative(OpenAccountCommand command, IReadOnlySet<string> fields) =>
        command.InitialDeposit < 0 ? new RuleViolation(nameof(command.InitialDeposit), "must not be negative") : null;

    /// <summary>Saves the account.</summary>
    public async Task<AccountView> Execute(
        [Input] OpenAccountCommand command,
        [Exists(typeof(Account), From.Command, nameof(OpenAccountCommand.AccountId))] bool taken)
    {
        var account = new Account(command.AccountId, command.Owner, command.InitialDeposit, command.Email);
        await accounts.SaveAsync(account);
        return AccountView.Of(account);
    }
}
