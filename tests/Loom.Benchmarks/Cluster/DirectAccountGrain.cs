using Loom.Samples.Ledger;
using Orleans.Concurrency;
using Orleans.Transactions.Abstractions;

namespace Loom.Benchmarks.Cluster;

/// <summary>The account's owner and balance: the data Loom's account entity holds besides its id.</summary>
[GenerateSerializer]
public sealed class DirectAccount
{
    [Id(0)]
    public string Owner { get; set; } = "";

    [Id(1)]
    public decimal Balance { get; set; }
}

[Reentrant]
public sealed class DirectAccountGrain([TransactionalState("account")] ITransactionalState<DirectAccount> account) : Grain, IDirectAccountGrain
{
    public Task Open(string owner, decimal balance) => account.PerformUpdate(a =>
    {
        a.Owner = owner;
        a.Balance = balance;
    });

    public Task<AccountView> Withdraw(decimal amount) => account.PerformUpdate(a =>
    {
        if (a.Balance < amount)
        {
            throw new InvalidOperationException("insufficient funds");
        }

        a.Balance -= amount;
        return View(a);
    });

    public Task<AccountView> Deposit(decimal amount) => account.PerformUpdate(a =>
    {
        a.Balance += amount;
        return View(a);
    });

    public Task<decimal> GetBalance() => account.PerformRead(a => a.Balance);

    private AccountView View(DirectAccount a) => new(this.GetPrimaryKeyString(), a.Owner, a.Balance);
}
