using Loom.Entities;
using Loom.Errors;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.IntegrationTests.UseCases;

/// <summary>
/// Each silo keeps its own snapshots, so a write on one silo leaves the other's stale. A use case on
/// the other silo must find that out and run again on the stored values: it may cost a retry, never
/// a wrong balance.
/// </summary>
public sealed class TwoSiloSnapshotTests(TwoSiloClusterFixture fixture) : IClassFixture<TwoSiloClusterFixture>
{
    [Fact]
    public async Task Transfers_taking_turns_between_two_silos_each_debit_the_balance_the_other_silo_left()
    {
        var (first, second) = (fixture.GrainsOn(0), fixture.GrainsOn(1));
        var (a, b) = await first.OpenTwoAsync(100, 0);
        var staleBefore = StaleRetriesOn(0);

        for (var turn = 1; turn <= 6; turn++)
        {
            var grains = turn % 2 == 1 ? first : second;
            var result = await grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: new TransferCommand(a, b, 10));

            Assert.Equal((100m - 10 * turn, 10m * turn), (result!.From.Balance, result.To.Balance));
        }

        Assert.Equal((40m, 60m), (await second.BalanceAsync(a), await first.BalanceAsync(b)));
        Assert.True(StaleRetriesOn(0) - staleBefore >= 2, "silo 0 should have found its snapshots stale after silo 1's writes");
    }

    [Fact]
    public async Task A_rule_judged_on_the_other_silo_s_stale_snapshot_is_judged_again_on_the_stored_balance()
    {
        var (first, second) = (fixture.GrainsOn(0), fixture.GrainsOn(1));
        var (a, b) = await first.OpenTwoAsync(50, 0);
        await first.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(a, b, 10));
        await second.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(a, b, 30));

        var error = await Assert.ThrowsAsync<RuleViolations>(
            () => first.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(a, b, 20)));

        Assert.Equal("Amount", Assert.Single(error.Violations).Field);
        Assert.Contains("(10)", error.Violations[0].Message);
        Assert.Equal((10m, 40m), (await first.BalanceAsync(a), await second.BalanceAsync(b)));
    }

    private int StaleRetriesOn(int silo) =>
        fixture.RetriesOn(silo).Retries.Count(r => r.UseCase == nameof(Transfer) && r.Error is StaleEntity);
}
