using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.IntegrationTests;

/// <summary>Calls of the sample ledger the tests share.</summary>
public static class Ledger
{
    /// <summary>A fresh id, so tests sharing a cluster never touch each other's entities.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>Opens two accounts, owned by Ann and Bob, with these balances, and returns their ids.</summary>
    public static async Task<(string, string)> OpenTwoAsync(this IGrainFactory grains, decimal first, decimal second)
    {
        var (a, b) = (NewId(), NewId());
        await grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new OpenAccountCommand(a, "Ann", first));
        await grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new OpenAccountCommand(b, "Bob", second));
        return (a, b);
    }

    /// <summary>The balance of an account, read through the GetAccount use case.</summary>
    public static async Task<decimal> BalanceAsync(this IGrainFactory grains, string accountId) =>
        (await grains.ExecuteUseCaseAsync<AccountView>(nameof(GetAccount), new { accountId }))!.Balance;
}
