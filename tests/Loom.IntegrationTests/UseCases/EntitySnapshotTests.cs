using Loom.Entities;
using Loom.Errors;
using Loom.Observability;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.IntegrationTests.UseCases;

/// <summary>
/// Write use cases start from the silo's snapshots of the entities they load. Each test makes a
/// snapshot stale behind the silo's back and shows the work run again on the stored values: a
/// stale snapshot may cost a retry, never a wrong result or a wrong refusal.
/// </summary>
[Collection(SnapshotClusterCollection.Name)]
public sealed class EntitySnapshotTests(SnapshotClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    private IBackdoorGrain Backdoor => Grains.GetGrain<IBackdoorGrain>(0);

    [Fact]
    public async Task A_transfer_from_a_stale_snapshot_runs_again_and_debits_the_stored_balance()
    {
        var (a, b) = await Grains.OpenTwoAsync(100, 0);
        await TransferAsync(a, b, 10);
        await Backdoor.SetBalanceAsync(a, 500);
        var retriesBefore = fixture.Retries.Retries.Count;

        var result = await Grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: new TransferCommand(a, b, 30));

        Assert.Equal((470m, 40m), (result!.From.Balance, result.To.Balance));
        Assert.Equal((470m, 40m), (await Grains.BalanceAsync(a), await Grains.BalanceAsync(b)));
        var stale = Assert.IsType<StaleEntity>(Assert.Single(RetriesSince(retriesBefore)).Error);
        Assert.Equal((typeof(Account).FullName, a), (stale.Entity, stale.Id));
    }

    [Fact]
    public async Task A_rule_broken_only_on_a_stale_snapshot_is_not_reported()
    {
        var (a, b) = await Grains.OpenTwoAsync(10, 0);
        await TransferAsync(a, b, 5);
        await Backdoor.SetBalanceAsync(a, 100);

        var result = await Grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: new TransferCommand(a, b, 50));

        Assert.Equal((50m, 55m), (result!.From.Balance, result.To.Balance));
    }

    [Fact]
    public async Task A_rule_broken_on_a_stale_snapshot_and_on_the_stored_values_is_reported_with_the_stored_ones()
    {
        var (a, b) = await Grains.OpenTwoAsync(40, 0);
        await TransferAsync(a, b, 10);
        await Backdoor.SetBalanceAsync(a, 20);

        var error = await Assert.ThrowsAsync<RuleViolations>(() => TransferAsync(a, b, 50));

        Assert.Equal(new RuleViolation("Amount", $"exceeds the balance of account {a} (20)"), Assert.Single(error.Violations));
        Assert.Equal((20m, 10m), (await Grains.BalanceAsync(a), await Grains.BalanceAsync(b)));
    }

    [Fact]
    public async Task Current_snapshots_cost_no_retry_whether_the_work_commits_or_breaks_a_rule()
    {
        var (a, b) = await Grains.OpenTwoAsync(100, 0);
        var retriesBefore = fixture.Retries.Retries.Count;

        for (var i = 0; i < 3; i++)
        {
            await TransferAsync(a, b, 10);
        }

        await Assert.ThrowsAsync<RuleViolations>(() => TransferAsync(a, b, 500));
        Assert.Equal((70m, 30m), (await Grains.BalanceAsync(a), await Grains.BalanceAsync(b)));
        Assert.Empty(RetriesSince(retriesBefore));
    }

    [Fact]
    public async Task An_entity_read_but_not_written_is_checked_before_the_commit()
    {
        var (source, target) = await Grains.OpenTwoAsync(7, 0);
        await Grains.ExecuteUseCaseAsync(nameof(CopyBalance), new { sourceId = source, targetId = target });
        await Backdoor.SetBalanceAsync(source, 99);

        await Grains.ExecuteUseCaseAsync(nameof(CopyBalance), new { sourceId = source, targetId = target });

        Assert.Equal(99m, await Grains.BalanceAsync(target));
    }

    [Fact]
    public async Task A_write_waiting_for_its_lock_is_seen_by_later_reads_and_nested_use_cases()
    {
        var (a, _) = await Grains.OpenTwoAsync(10, 0);
        await Grains.ExecuteUseCaseAsync(nameof(DepositAndReadBack), new { accountId = a });

        var balances = await Grains.ExecuteUseCaseAsync<decimal[]>(nameof(DepositAndReadBack), new { accountId = a });

        Assert.Equal([12m, 12m], balances!);
        Assert.Equal(12m, await Grains.BalanceAsync(a));
    }

    [Fact]
    public async Task A_changed_unique_value_is_claimed_at_once_and_found_in_the_same_unit_of_work()
    {
        var (a, b) = await Grains.OpenTwoAsync(1, 1);
        var (first, second) = ($"{Ledger.NewId()}@example.com", $"{Ledger.NewId()}@example.com");
        await Grains.ExecuteUseCaseAsync(nameof(ChangeEmail), new { accountId = a, email = first });

        Assert.Equal(a, await Grains.ExecuteUseCaseAsync<string>(nameof(ChangeEmail), new { accountId = a, email = second }));
        var taken = await Assert.ThrowsAsync<UniqueConstraintViolation>(() =>
            Grains.ExecuteUseCaseAsync(nameof(ChangeEmail), new { accountId = b, email = second }));
        Assert.Equal(("Account", "Email", second), (taken.Entity, taken.Field, taken.Value));
        Assert.Equal(b, await Grains.ExecuteUseCaseAsync<string>(nameof(ChangeEmail), new { accountId = b, email = first }));
        Assert.Equal(a, (await Grains.ExecuteUseCaseAsync<AccountView>(nameof(FindAccountByEmail), new { email = second }))!.Id);
    }

    private IEnumerable<UseCaseEvent> RetriesSince(int count) => fixture.Retries.Retries.Skip(count).Where(r => r.UseCase == nameof(Transfer));

    private Task TransferAsync(string from, string to, decimal amount) =>
        Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(from, to, amount));
}
