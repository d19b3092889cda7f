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
        await payerGrain.SaveAsync(payer with { Balance = payer.Balance - amount });
        await payeeGrain.SaveAsync(payee with { Balance = payee.Balance + amount });
    }

    public async Task TransferAsync(string from, string to, decimal amount)
    {
        await GrainFactory.GetGrain<IDirectAccountGrain>(from).Withdraw(amount);
        await GrainFactory.GetGrain<IDirectAccountGrain>(to).Deposit(amount);
    }
}
