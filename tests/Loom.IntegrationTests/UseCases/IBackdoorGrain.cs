namespace Loom.IntegrationTests.UseCases;

/// <summary>Writes an account's entity grain directly, in a transaction of its own: a change no silo's entity snapshots see.</summary>
public interface IBackdoorGrain : IGrainWithIntegerKey
{
    [Transaction(TransactionOption.Create)]
    Task SetBalanceAsync(string accountId, decimal balance);
}
