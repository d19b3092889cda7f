using Loom.Entities;
using Loom.Errors;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.Benchmarks.InProcess;

/// <summary>The sample transfer without its notice job, so that Loom does exactly the work of the other variants.</summary>
[UseCase]
public sealed class LedgerTransfer(IRepository<Account> accounts)
{
    [Rule]
    public static RuleViolation? AmountIsPositive(TransferCommand command, IReadOnlySet<string> fields) =>
        TransferRules.Positive(command);

    [Rule]
    public static RuleViolation? AccountsAreDistinct(TransferCommand command, IReadOnlySet<string> fields) =>
        TransferRules.Distinct(command);

    [Rule]
    public static RuleViolation? FundsAreSufficient(TransferCommand command, IReadOnlySet<string> fields, UseCaseContext context) =>
        TransferRules.Covered(command, context.Get<Account>("payer"));

    public async Task<TransferResult> Execute(
        [Input] TransferCommand command,
        [LoadById(From.Command, nameof(TransferCommand.FromAccountId))] Account payer,
        [LoadById(From.Command, nameof(TransferCommand.ToAccountId))] Account payee)
    {
        var (debited, credited) = TransferRules.Apply(command, payer, payee);
        await accounts.SaveAsync(debited);
        await accounts.SaveAsync(credited);
        return new TransferResult("t", AccountView.Of(debited), AccountView.Of(credited));
    }
}
