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

    public async Task LoadThenSaveTransferAsync(string from, string to, decimal amount)
    {
        var payerGrain = GrainFactory.GetGrain<IEntityGrain<Account>>(from);
        var payeeGrain = GrainFactory.GetGrain<IEntityGrain<Account>>(to);
        var payer = await payerGrain.GetAsync() ?? throw new NotFound("Account", from);
        var payee = await payeeGrain.GetAsync() ?? throw new NotFound("Account", to);
        await payerGrain.WriteAsync(payer with { Balance = payer.Balance - amount }, expectedVersion: null);
        await payeeGrain.WriteAsync(payee with { Balance = payee.Balance + amount }, expectedVersion: null);
    }

    public async Task SaveOnlyTransferAsync(string from, string to, decimal amount)
    {
        await GrainFactory.GetGrain<IEntityGrain<Account>>(from).WriteAsync(new Account(from, "bench", 1_000_000_000 - amount), expectedVersion: null);
        await GrainFactory.GetGrain<IEntityGrain<Account>>(to).WriteAsync(new Account(to, "bench", 1_000_000_000 + amount), expectedVersion: null);
    }

    public async Task TransferAsync(string from, string to, decimal amount)
    {
        await GrainFactory.GetGrain<IDirectAccountGrain>(from).Withdraw(amount);
        await GrainFactory.GetGrain<IDirectAccountGrain>(to).Deposit(amount);
    }
}
