using Loom.Errors;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.IntegrationTests.UseCases;

/// <summary>A write use case called with an idempotency key executes once per key; a retry gets the first outcome.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IdempotencyTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_retry_with_the_same_key_returns_the_first_result_and_moves_the_money_once()
    {
        var (a, b) = await Grains.OpenTwoAsync(100, 0);
        var key = Guid.NewGuid().ToString();

        var first = await Grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: new TransferCommand(a, b, 30), idempotencyKey: key);
        var retried = await Grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: new TransferCommand(a, b, 30), idempotencyKey: key);
        var another = await Grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: new TransferCommand(a, b, 30), idempotencyKey: Guid.NewGuid().ToString());

        Assert.Equal(first, retried);
        Assert.NotEqual(first!.TransferId, another!.TransferId);
        Assert.Equal((40m, 60m), (await Grains.BalanceAsync(a), await Grains.BalanceAsync(b)));
    }

    [Fact]
    public async Task Calls_racing_with_one_key_execute_once_and_all_get_that_result()
    {
        var (a, b) = await Grains.OpenTwoAsync(100, 0);
        var key = Guid.NewGuid().ToString();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: new TransferCommand(a, b, 10), idempotencyKey: key)));

        Assert.Single(results.Select(r => r!.TransferId).Distinct());
        Assert.Equal((90m, 10m), (await Grains.BalanceAsync(a), await Grains.BalanceAsync(b)));
    }

    [Fact]
    public async Task A_typed_error_is_answered_again_under_its_key_even_once_the_call_would_succeed()
    {
        var (a, b) = await Grains.OpenTwoAsync(10, 0);
        var key = Guid.NewGuid().ToString();

        var first = await Assert.ThrowsAsync<RuleViolations>(() =>
            Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(a, b, 50), idempotencyKey: key));
        await Grains.ExecuteUseCaseAsync(nameof(Deposit), payload: new DepositCommand(a, 100));
        var again = await Assert.ThrowsAsync<RuleViolations>(() =>
            Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(a, b, 50), idempotencyKey: key));
        await Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(a, b, 50), idempotencyKey: Guid.NewGuid().ToString());

        Assert.Equal(first.Violations, again.Violations);
        Assert.Equal((60m, 50m), (await Grains.BalanceAsync(a), await Grains.BalanceAsync(b)));
    }

    [Fact]
    public async Task A_key_sent_again_with_other_arguments_is_refused_naming_it_and_nothing_executes_again()
    {
        var (a, b) = await Grains.OpenTwoAsync(100, 0);
        var key = Guid.NewGuid().ToString();

        await Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(a, b, 30), idempotencyKey: key);
        var reused = await Assert.ThrowsAsync<IdempotencyKeyReused>(() =>
            Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(a, b, 40), idempotencyKey: key));
        var failedFirst = Guid.NewGuid().ToString();
        await Assert.ThrowsAsync<RuleViolations>(() =>
            Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(a, b, 500), idempotencyKey: failedFirst));
        await Assert.ThrowsAsync<IdempotencyKeyReused>(() =>
            Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(a, b, 5), idempotencyKey: failedFirst));

        Assert.Equal((nameof(Transfer), key), (reused.UseCase, reused.Key));
        Assert.Contains(key, reused.Message);
        Assert.Equal((70m, 30m), (await Grains.BalanceAsync(a), await Grains.BalanceAsync(b)));
    }

    [Fact]
    public async Task A_use_case_that_looks_up_nothing_by_id_answers_a_retry_from_the_bucket_of_its_key()
    {
        var (first, second) = ($"pair-{Guid.NewGuid():N}", $"pair-{Guid.NewGuid():N}");
        var key = Guid.NewGuid().ToString();

        var opened = await Grains.ExecuteUseCaseAsync<int>(nameof(OpenPair), new { first, second, fail = false }, idempotencyKey: key);
        var retried = await Grains.ExecuteUseCaseAsync<int>(nameof(OpenPair), new { first, second, fail = false }, idempotencyKey: key);
        var unkeyed = await Assert.ThrowsAnyAsync<LoomError>(() => Grains.ExecuteUseCaseAsync(nameof(OpenPair), new { first, second, fail = false }));

        Assert.Equal((2, 2), (opened, retried));
        Assert.Contains(first, unkeyed.Message, StringComparison.Ordinal);
        Assert.Equal((10m, 10m), (await Grains.BalanceAsync(first), await Grains.BalanceAsync(second)));
    }

    [Theory]
    [InlineData("", "is blank")]
    [InlineData("  ", "is blank")]
    [InlineData("a\u0001b", "holds control characters")]
    [InlineData(null, "is 201 characters long; the limit is 200")]
    public async Task A_key_that_cannot_be_used_is_refused_naming_why_and_nothing_executes(string? key, string reason)
    {
        var (a, b) = await Grains.OpenTwoAsync(100, 0);
        key ??= new string('k', InvalidIdempotencyKey.MaxLength + 1);

        var error = await Assert.ThrowsAsync<InvalidIdempotencyKey>(() =>
            Grains.ExecuteUseCaseAsync(nameof(Transfer), payload: new TransferCommand(a, b, 5), idempotencyKey: key));

        Assert.EndsWith(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal((100m, 0m), (await Grains.BalanceAsync(a), await Grains.BalanceAsync(b)));
    }

    [Fact]
    public async Task A_read_only_use_case_ignores_the_key()
    {
        var (a, _) = await Grains.OpenTwoAsync(7, 0);
        var key = Guid.NewGuid().ToString();

        var before = await Grains.ExecuteUseCaseAsync<AccountView>(nameof(GetAccount), new { accountId = a }, idempotencyKey: key);
        await Grains.ExecuteUseCaseAsync(nameof(Deposit), payload: new DepositCommand(a, 1));
        var after = await Grains.ExecuteUseCaseAsync<AccountView>(nameof(GetAccount), new { accountId = a }, idempotencyKey: key);

        Assert.Equal((7m, 8m), (before!.Balance, after!.Balance));
    }
}
