using Loom.Errors;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.IntegrationTests.UseCases;

[Collection(ClusterCollection.Name)]
public sealed class LedgerTransactionTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_transfer_changes_both_accounts()
    {
        var (a, b) = await Grains.OpenTwoAsync(100, 5);

        var result = await Grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: new TransferCommand(a, b, 30));

        Assert.Equal((70m, 35m), (result!.From.Balance, result.To.Balance));
        Assert.Equal((70m, 35m), (await Grains.BalanceAsync(a), await Grains.BalanceAsync(b)));
    }

    [Fact]
    public async Task A_refused_transfer_changes_neither_account_and_reports_every_rule_over_the_wire()
    {
        var (a, b) = await Grains.OpenTwoAsync(10, 0);

        var error = await Assert.ThrowsAsync<RuleViolations>(() =>
            Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(a, a, 50)));

        Assert.Equal("Transfer", error.UseCase);
        Assert.Equal(
            [new RuleViolation("ToAccountId", "must differ from the account debited"), new RuleViolation("Amount", $"exceeds the balance of account {a} (10)")],
            error.Violations);
        Assert.Equal((10m, 0m), (await Grains.BalanceAsync(a), await Grains.BalanceAsync(b)));
    }

    [Fact]
    public async Task A_transfer_to_a_missing_account_raises_not_found_and_debits_nothing()
    {
        var (a, _) = await Grains.OpenTwoAsync(10, 0);

        var error = await Assert.ThrowsAsync<NotFound>(() =>
            Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(a, "nobody", 5)));

        Assert.Equal(("Account", "nobody"), (error.Entity, error.Id));
        Assert.Equal(10m, await Grains.BalanceAsync(a));
    }

    [Fact]
    public async Task A_use_case_that_writes_and_then_throws_leaves_nothing_behind()
    {
        var id = Ledger.NewId();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Grains.ExecuteUseCaseAsync(nameof(WriteThenFail), new { accountId = id }));

        await Assert.ThrowsAsync<NotFound>(() => Grains.BalanceAsync(id));
    }

    [Fact]
    public async Task A_nested_use_case_joins_the_outer_transaction()
    {
        var (first, second) = (Ledger.NewId(), Ledger.NewId());

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Grains.ExecuteUseCaseAsync(nameof(OpenPair), new { first, second, fail = true }));
        await Assert.ThrowsAsync<NotFound>(() => Grains.BalanceAsync(first));
        await Assert.ThrowsAsync<NotFound>(() => Grains.BalanceAsync(second));

        Assert.Equal(2, await Grains.ExecuteUseCaseAsync<int>(nameof(OpenPair), new { first, second, fail = false }));
        Assert.Equal((10m, 10m), (await Grains.BalanceAsync(first), await Grains.BalanceAsync(second)));
    }

    [Fact]
    public async Task A_unique_field_is_enforced_and_looked_up_consistently()
    {
        var email = $"{Ledger.NewId()}@example.com";
        var (first, second) = (Ledger.NewId(), Ledger.NewId());
        await Grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new OpenAccountCommand(first, "Ann", 1, email));

        var error = await Assert.ThrowsAsync<UniqueConstraintViolation>(() =>
            Grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new OpenAccountCommand(second, "Bob", 1, email)));

        Assert.Equal(("Account", "Email", email), (error.Entity, error.Field, error.Value));
        await Assert.ThrowsAsync<NotFound>(() => Grains.BalanceAsync(second));
        var found = await Grains.ExecuteUseCaseAsync<AccountView>(nameof(FindAccountByEmail), new { email });
        Assert.Equal(first, found!.Id);
    }

    [Fact]
    public async Task A_load_profile_shapes_the_entity_the_use_case_receives()
    {
        var id = Ledger.NewId();
        await Grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new OpenAccountCommand(id, "Ann", 1));

        Assert.Equal("(hidden)", await Grains.ExecuteUseCaseAsync<string>(nameof(GetPublicAccount), new { accountId = id }));
        Assert.Equal("Ann", (await Grains.ExecuteUseCaseAsync<AccountView>(nameof(GetAccount), new { accountId = id }))!.Owner);
    }

    [Fact]
    public async Task A_read_only_use_case_cannot_write()
    {
        var id = Ledger.NewId();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Grains.ExecuteUseCaseAsync(nameof(SneakyWrite), new { accountId = id }));

        Assert.Contains("outside a unit of work", error.Message);
        await Assert.ThrowsAsync<NotFound>(() => Grains.BalanceAsync(id));
    }
}
