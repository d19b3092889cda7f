using Orleans.Concurrency;
using Orleans.Transactions.Abstractions;

namespace Loom.Benchmarks.Cluster;

[GenerateSerializer]
public sealed class Balance
{
    [Id(0)]
    public decimal Value { get; set; }
}

[Reentrant]
public sealed class DirectAccountGrain([TransactionalState("balance")] ITransactionalState<Balance> balance) : Grain, IDirectAccountGrain
{
    public Task Open(decimal amount) => balance.PerformUpdate(b => b.Value = amount);

    public Task Withdraw(decimal amount) => balance.PerformUpdate(b =>
    {
        if (b.Value < amount)
        {
            throw new InvalidOperationException("insufficient funds");
        }

        return b.Value -= amount;
    });

    public Task Deposit(decimal amount) => balance.PerformUpdate(b => b.Value += amount);

    public Task<decimal> GetBalance() => balance.PerformRead(b => b.Value);
}
