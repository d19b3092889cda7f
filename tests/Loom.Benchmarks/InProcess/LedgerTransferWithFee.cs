using Loom.Entities;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.Benchmarks.InProcess;

/// <summary>The command of <see cref="LedgerTransferWithFee"/>: a transfer and the account that collects its fee.</summary>
public sealed record FeeTransferCommand(string FromAccountId, string ToAccountId, string FeeAccountId, decimal Amount);

/// <summary>
/// <see cref="LedgerTransfer"/> that also credits a fee account with nothing: a third transaction
/// participant that is already active, the part of an idempotency key's cost that is not the activation
/// of a new grain per key.
/// </summary>
[UseCase]
public sealed class LedgerTransferWithFee(IRepository<Account> accounts)
{
    public async Task Execute(
        [Input] FeeTransferCommand command,
        [LoadById(From.Command, nameof(FeeTransferCommand.FromAccountId))] Account payer,
        [LoadById(From.Command, nameof(FeeTransferCommand.ToAccountId))] Account payee,
        [LoadById(From.Command, nameof(FeeTransferCommand.FeeAccountId))] Account fees)
    {
        var (debited, credited) = TransferRules.Apply(new TransferCommand(command.FromAccountId, command.ToAccountId, command.Amount), payer, payee);
        await accounts.SaveAsync(debited);
        await accounts.SaveAsync(credited);
        await accounts.SaveAsync(fees with { Balance = fees.Balance });
    }
}
