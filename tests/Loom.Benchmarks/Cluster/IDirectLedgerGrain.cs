using Loom.Samples.Ledger;

namespace Loom.Benchmarks.Cluster;

/// <summary>The baselines: the same read and the same transfer, as plain grain calls without Loom.</summary>
public interface IDirectLedgerGrain : IGrainWithIntegerKey
{
    /// <summary>Reads an account entity and returns its view, as Loom's GetAccount does.</summary>
    Task<AccountView> GetAccountAsync(string accountId);

    /// <summary>
    /// Checks the amount and the accounts, withdraws from one account, then deposits to the other, in
    /// one transaction, and returns both accounts as Loom's transfer does.
    /// </summary>
    [Transaction(TransactionOption.Create)]
    Task<TransferResult> TransferAsync(string from, string to, decimal amount);

    /// <summary>Reads both account entities, then writes both, in one transaction: Loom's calls without Loom.</summary>
    [Transaction(TransactionOption.Create)]
    Task<TransferResult> LoadThenSaveTransferAsync(string from, string to, decimal amount);

    /// <summary>Writes both account entities without reading them first: Loom's calls when it already knows both accounts.</summary>
    [Transaction(TransactionOption.Create)]
    Task<TransferResult> SaveOnlyTransferAsync(string from, string to, decimal amount);
}
