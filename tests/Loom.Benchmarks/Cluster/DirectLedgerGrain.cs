using Loom.Benchmarks.InProcess;
using Loom.Entities;
using Loom.Errors;
using Loom.Samples.Ledger;
using Orleans.Concurrency;

namespace Loom.Benchmarks.Cluster;

[StatelessWorker]
[Reentrant]
public sealed class DirectLedgerGrain : Grain, IDirectLedgerGrain
{
    public async Task<AccountView> GetAccountAsync(string accountId) =>
        AccountView.Of(await GrainFactory.GetGrain<IEntityGrain<Account>>(accountId).GetAsync() ?? throw new NotFound("Account", accountId));

    public async Task<TransferResult> LoadThenSaveTransferAsync(string from, string to, decimal amount)
    {
        var payerGrain = GrainFactory.GetGrain<IEntityGrain<Account>>(from);
        var payeeGrain = GrainFactory.GetGrain<IEntityGrain<Account>>(to);
        var payer = await payerGrain.GetAsync() ?? throw new NotFound("Account", from);
        var payee = await payeeGrain.GetAsync() ?? throw new NotFound("Account", to);
        var (debited, credited) = (payer with { Balance = payer.Balance - amount }, payee with { Balance = payee.Balance + amount });
        await payerGrain.WriteAsync(debited, expectedVersion: null);
        await payeeGrain.WriteAsync(credited, expectedVersion: null);
        return new TransferResult("t", AccountView.Of(debited), AccountView.Of(credited));
    }

    public async Task<TransferResult> SaveOnlyTransferAsync(string from, string to, decimal amount)
    {
        var (debited, credited) = (new Account(from, "bench", 1_000_000_000 - amount), new Account(to, "bench", 1_000_000_000 + amount));
        await GrainFactory.GetGrain<IEntityGrain<Account>>(from).WriteAsync(debited, expectedVersion: null);
        await GrainFactory.GetGrain<IEntityGrain<Account>>(to).WriteAsync(credited, expectedVersion: null);
        return new TransferResult("t", AccountView.Of(debited), AccountView.Of(credited));
    }

    public async Task<TransferResult> TransferAsync(string from, string to, decimal amount)
    {
        var command = new TransferCommand(from, to, amount);
        TransferRules.ThrowIfAny([TransferRules.Positive(command), TransferRules.Distinct(command)]);

        var debited = await GrainFactory.GetGrain<IDirectAccountGrain>(from).Withdraw(amount);
        var credited = await GrainFactory.GetGrain<IDirectAccountGrain>(to).Deposit(amount);
        return new TransferResult("t", debited, credited);
    }
}
