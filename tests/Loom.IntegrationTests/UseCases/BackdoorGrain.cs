using Loom.Entities;
using Loom.Samples.Ledger;

namespace Loom.IntegrationTests.UseCases;

public sealed class BackdoorGrain : Grain, IBackdoorGrain
{
    public async Task SetBalanceAsync(string accountId, decimal balance)
    {
        var account = GrainFactory.GetGrain<IEntityGrain<Account>>(accountId);
        var current = (await account.ReadAsync()).Value ?? throw new InvalidOperationException($"no account {accountId}");
        await account.WriteAsync(current with { Balance = balance }, expectedVersion: null);
    }
}
