using Loom.Samples.Ledger;
using Orleans.Concurrency;

namespace Loom.Benchmarks.Cluster;

/// <summary>An account written the way the Orleans transactions guide writes one: the direct baseline.</summary>
public interface IDirectAccountGrain : IGrainWithStringKey
{
    [Transaction(TransactionOption.CreateOrJoin)]
    Task Open(string owner, decimal balance);

    /// <summary>Debits the account and returns what callers see of it afterwards.</summary>
    [Transaction(TransactionOption.Join)]
    Task<AccountView> Withdraw(decimal amount);

    /// <summary>Credits the account and returns what callers see of it afterwards.</summary>
    [Transaction(TransactionOption.Join)]
    Task<AccountView> Deposit(decimal amount);

    [Transaction(TransactionOption.CreateOrJoin)]
    [ReadOnly]
    Task<decimal> GetBalance();
}
