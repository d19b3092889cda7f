using Loom.Entities;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.IntegrationTests.UseCases;

/// <summary>
/// Many concurrent transfers over the same accounts, in both directions: the deadlocks that stall
/// Orleans transactions written the obvious way must not happen, so every transfer commits, and
/// none waits out a lock timeout.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ContentionTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Five_hundred_random_transfers_among_ten_accounts_all_commit_and_keep_the_total()
    {
        var accounts = await OpenAsync(10, 1_000);
        var random = new Random(7);
        var transfers = Enumerable.Range(0, 500).Select(_ =>
        {
            var from = random.Next(accounts.Length);
            var to = (from + 1 + random.Next(accounts.Length - 1)) % accounts.Length;
            return new TransferCommand(accounts[from], accounts[to], random.Next(1, 5));
        }).ToArray();
        var retriesBefore = fixture.Retries.Retries.Count;

        await Task.WhenAll(transfers.Select(t => Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: t)));

        var balances = await Task.WhenAll(accounts.Select(Grains.BalanceAsync));
        var expected = accounts.Select(a => 1_000m
            - transfers.Where(t => t.FromAccountId == a).Sum(t => t.Amount)
            + transfers.Where(t => t.ToAccountId == a).Sum(t => t.Amount));
        Assert.Equal(expected, balances);
        Assert.Equal(10_000m, balances.Sum());
        AssertNoLockWaitRetries(retriesBefore, transfers.Length);
    }

    [Fact]
    public async Task Two_hundred_transfers_back_and_forth_between_two_accounts_all_commit_without_a_lock_timeout()
    {
        var accounts = await OpenAsync(2, 1_000);
        var transfers = Enumerable.Range(0, 200)
            .Select(i => new TransferCommand(accounts[i % 2], accounts[1 - i % 2], 1 + i % 3))
            .ToArray();
        var retriesBefore = fixture.Retries.Retries.Count;

        await Task.WhenAll(transfers.Select(t => Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: t)));

        var balances = await Task.WhenAll(accounts.Select(Grains.BalanceAsync));
        Assert.Equal(2_000m, balances.Sum());
        Assert.Equal(
            1_000m - transfers.Where(t => t.FromAccountId == accounts[0]).Sum(t => t.Amount) + transfers.Where(t => t.ToAccountId == accounts[0]).Sum(t => t.Amount),
            balances[0]);
        AssertNoLockWaitRetries(retriesBefore, transfers.Length);
    }

    /// <summary>
    /// Transfers that started from snapshots another transfer had made stale run once more, reading
    /// under locks; no transfer may be retried for anything else, such as a lock timeout.
    /// </summary>
    private void AssertNoLockWaitRetries(int retriesBefore, int transfers)
    {
        var retries = fixture.Retries.Retries.Skip(retriesBefore).Where(r => r.UseCase == nameof(Transfer)).ToArray();
        Assert.All(retries, r => Assert.IsType<StaleEntity>(r.Error));
        Assert.InRange(retries.Length, 0, transfers);
    }

    private async Task<string[]> OpenAsync(int count, decimal balance)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"{Guid.NewGuid():N}"[..10] + i).ToArray();
        foreach (var id in ids)
        {
            await Grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new OpenAccountCommand(id, "owner", balance));
        }

        return ids;
    }
}
