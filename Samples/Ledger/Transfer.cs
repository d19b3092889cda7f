using Loom.Entities;
using Loom.Errors;
using Loom.Jobs;
using Loom.UseCases;

namespace Loom.Samples.Ledger;

/// <summary>The command that moves money between two accounts.</summary>
/// <param name="FromAccountId">The account debited.</param>
/// <param name="ToAccountId">The account credited.</param>
/// <param name="Amount">How much; positive and covered by the debited balance.</param>
public sealed record TransferCommand(string FromAccountId, string ToAccountId, decimal Amount);

/// <summary>The outcome of a transfer: its id and both balances after it.</summary>
/// <param name="TransferId">The transfer's id, under which its notice is recorded.</param>
/// <param name="From">The debited account.</param>
/// <param name="To">The credited account.</param>
[GenerateSerializer, Immutable]
public sealed record TransferResult([property: Id(0)] string TransferId, [property: Id(1)] AccountView From, [property: Id(2)] AccountView To);

/// <summary>
/// Moves money between two accounts: both change or neither does. Once it commits, a
/// <see cref="NotifyTransfer"/> job records the notice.
/// </summary>
[UseCase]
public sealed class Transfer(IRepository<Account> accounts, IJobDispatcher jobs)
{
    /// <summary>Only positive amounts.</summary>
    [Rule]
    public static RuleViolation? AmountIsPositive(TransferCommand command, IReadOnlySet<string> fields) =>
        LedgerRules.Positive(nameof(command.Amount), command.Amount);

    /// <summary>An account cannot pay itself.</summary>
    [Rule]
    public static RuleViolation? AccountsAreDistinct(TransferCommand command, IReadOnlySet<string> fields) =>
        command.FromAccountId == command.ToAccountId
            ? new RuleViolation(nameof(command.ToAccountId), "must differ from the account debited")
            : null;

    /// <summary>The debited balance must cover the amount.</summary>
    [Rule]
    public static RuleViolation? FundsAreSufficient(TransferCommand command, IReadOnlySet<string> fields, UseCaseContext context) =>
        LedgerRules.Covers(nameof(command.Amount), context.Get<Account>("payer"), command.Amount);

    /// <summary>Debits one account, credits the other and dispatches the notice.</summary>
    public async Task<TransferResult> Execute(
        [Input] TransferCommand command,
        [LoadById(From.Command, nameof(TransferCommand.FromAccountId))] Account payer,
        [LoadById(From.Command, nameof(TransferCommand.ToAccountId))] Account payee)
    {
        var debited = payer with { Balance = payer.Balance - command.Amount };
        var credited = payee with { Balance = payee.Balance + command.Amount };
        await accounts.SaveAsync(debited);
        await accounts.SaveAsync(credited);
        var transferId = Guid.NewGuid().ToString("N");
        jobs.Dispatch<NotifyTransfer>(payload: new TransferNotice(transferId, payer.Id, payee.Id, command.Amount));
        return new TransferResult(transferId, AccountView.Of(debited), AccountView.Of(credited));
    }
}
