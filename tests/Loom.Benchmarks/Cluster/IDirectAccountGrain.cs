using Orleans.Concurrency;

namespace Loom.Benchmarks.Cluster;

/// <summary>An account written the way the Orleans transactions guide writes one: the direct baseline.</summary>
public interface IDirectAccountGrain : IGrainWithStringKey
{
    [Transaction(TransactionOption.CreateOrJoin)]
    Task Open(decimal balance);

    [Transaction(TransactionOption.Join)]
    Task Withdraw(decimal amount);

    [Transaction(TransactionOption.Join)]
    Task Deposit(decimal amount);

    [Transaction(TransactionOption.CreateOrJoin)]
    [ReadOnly]
    Task<decimal> GetBalance();
}
