using Loom.Jobs;
using Loom.Samples.Ledger;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Loom.IntegrationTests.Recovery;

/// <summary>
/// A silo killed while transfers run among a few accounts: afterwards every account answers, the
/// money adds up exactly, and transfers touching every account go through again.
/// </summary>
public sealed class SiloCrashTests(LedgerClusterFixture fixture) : IClassFixture<LedgerClusterFixture>
{
    private const int Accounts = 8;
    private const decimal Opening = 1_000;
    private static readonly TimeSpan Eventually = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task After_a_silo_is_killed_under_transfers_every_account_answers_the_money_adds_up_and_transfers_go_on()
    {
        var grains = fixture.Client;
        var run = Guid.NewGuid().ToString("N")[..8];
        var accounts = Enumerable.Range(0, Accounts).Select(i => $"crash-{run}-{i}").ToArray();
        foreach (var account in accounts)
        {
            await grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new { accountId = account, owner = "crash", initialDeposit = Opening });
        }

        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 16).Select(caller => TransferUntilAsync(grains, accounts, caller, stop.Token)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos[1]);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var balances = new decimal[Accounts];
        await Poll.UntilAsync(async () => await TryReadAllAsync(grains, accounts, balances), Eventually, TimeSpan.FromSeconds(1));
        Assert.Equal(Accounts * Opening, balances.Sum());
        for (var i = 0; i < Accounts; i++)
        {
            var (from, to) = (accounts[i], accounts[(i + 1) % Accounts]);
            await Poll.UntilAsync(async () => await TryTransferAsync(grains, from, to), Eventually, TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task A_call_whose_silo_died_between_commit_and_answer_fails_as_unavailable_and_its_retry_returns_the_committed_result_without_executing_again()
    {
        var grains = fixture.Client;
        var (from, to) = ($"once-{Guid.NewGuid():N}", $"once-{Guid.NewGuid():N}");
        await grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new { accountId = from, owner = "once", initialDeposit = 100 });
        await grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new { accountId = to, owner = "once", initialDeposit = 0 });
        var key = Guid.NewGuid().ToString();
        var failpoints = fixture.Cluster.Silos.Select(silo => (Silo: silo, Failpoints: fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<UseCaseFailpoints>())).ToList();
        failpoints.ForEach(silo => silo.Failpoints.HoldAnswerOnce(key));
        var holdings = failpoints.Select(silo => (silo.Silo, silo.Failpoints, Holding: silo.Failpoints.WhenHolding(key))).ToList();

        var lost = grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: new { fromAccountId = from, toAccountId = to, amount = 30 }, idempotencyKey: key);
        var held = await Task.WhenAny(holdings.Select(silo => silo.Holding));
        holdings.ForEach(silo => silo.Failpoints.Disarm(key));
        await fixture.Cluster.KillSiloAsync(holdings.Single(silo => silo.Holding == held).Silo);
        TransferResult? retried = null;
        var failures = new List<string>();
        await Poll.UntilAsync(async () => (retried = await TryTransferOnceAsync(grains, from, to, key, failures)) is not null, Eventually, TimeSpan.FromSeconds(1), () => Task.FromResult(string.Join(" | ", failures.TakeLast(5))));
        var again = await grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: new { fromAccountId = from, toAccountId = to, amount = 30 }, idempotencyKey: key);

        var lostAnswer = await Assert.ThrowsAnyAsync<Exception>(() => lost);

        Assert.Equal((70m, 30m), (retried!.From.Balance, retried.To.Balance));
        Assert.Equal(retried, again);
        Assert.Equal(70m, (await grains.ExecuteUseCaseAsync<AccountView>(nameof(GetAccount), new { accountId = from }))!.Balance);
        Assert.IsType<SiloUnavailableException>(lostAnswer);
    }

    [Fact]
    public async Task Jobs_of_a_killed_silo_s_partitions_run_on_a_survivor_and_none_runs_twice()
    {
        const int DepositsPerCall = 5;
        var grains = fixture.Client;
        var run = Guid.NewGuid().ToString("N")[..8];
        var accounts = Enumerable.Range(0, 4).Select(i => $"jobs-{run}-{i}").ToArray();
        foreach (var account in accounts)
        {
            await grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new { accountId = account, owner = "jobs", initialDeposit = 0 });
        }

        if (fixture.Cluster.Silos.Count < 3)
        {
            await fixture.Cluster.StartAdditionalSiloAsync();
        }

        using var stop = new CancellationTokenSource();
        var calls = new int[accounts.Length];
        var load = Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
        {
            var account = caller % accounts.Length;
            while (!stop.IsCancellationRequested)
            {
                await DepositLaterOnceAsync(grains, accounts[account], DepositsPerCall);
                Interlocked.Increment(ref calls[account]);
            }
        })).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos[^1]);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var monitor = grains.GetGrain<IJobMonitorGrain>(0);
        await Poll.UntilAsync(async () => await NoneOfTheseJobsPendingAsync(monitor, run), Eventually, TimeSpan.FromSeconds(1));
        var balances = new decimal[accounts.Length];
        await Poll.UntilAsync(async () => await TryReadAllAsync(grains, accounts, balances), Eventually, TimeSpan.FromSeconds(1));
        Assert.Equal(calls.Select(c => c * DepositsPerCall * 1m), balances);
        Assert.True(calls.Sum() > 0);
        Assert.DoesNotContain(await monitor.GetFailedAsync(), job => job.Payload!.Contains(run));
    }

    [Fact]
    public void Managers_wait_five_seconds_for_votes_and_participants_ask_a_silent_manager_every_two()
    {
        var transactions = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Silos[0].SiloAddress).GetRequiredService<IOptions<TransactionalStateOptions>>().Value;

        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)), (transactions.PrepareTimeout, transactions.RemoteTransactionPingFrequency));
    }

    private static async Task TransferUntilAsync(IGrainFactory grains, string[] accounts, int caller, CancellationToken stop)
    {
        var random = new Random(caller);
        while (!stop.IsCancellationRequested)
        {
            var from = random.Next(accounts.Length);
            var to = (from + 1 + random.Next(accounts.Length - 1)) % accounts.Length;
            await TryTransferAsync(grains, accounts[from], accounts[to]);
        }
    }

    private static async Task<bool> TryTransferAsync(IGrainFactory grains, string from, string to)
    {
        try
        {
            await grains.ExecuteUseCaseAsync(nameof(Transfer), payload: new { fromAccountId = from, toAccountId = to, amount = 1 });
            return true;
        }
        catch (Exception error) when (error is not Errors.RuleViolations)
        {
            return false;
        }
    }

    private static async Task<TransferResult?> TryTransferOnceAsync(IGrainFactory grains, string from, string to, string key, List<string> failures)
    {
        try
        {
            return await grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: new { fromAccountId = from, toAccountId = to, amount = 30 }, idempotencyKey: key);
        }
        catch (Exception error) when (error is not Errors.LoomError)
        {
            failures.Add($"{error.GetType().Name}: {error.Message}");
            return null;
        }
    }

    /// <summary>Calls until one execution committed: a retry under the same key never executes twice.</summary>
    private static async Task DepositLaterOnceAsync(IGrainFactory grains, string account, int count)
    {
        var key = Guid.NewGuid().ToString("N");
        for (var deadline = DateTime.UtcNow + Eventually; ; await Task.Delay(200))
        {
            try
            {
                await grains.ExecuteUseCaseAsync(nameof(DepositLater), new { accountId = account, count }, idempotencyKey: key);
                return;
            }
            catch (Exception error) when (error is not Errors.LoomError && DateTime.UtcNow < deadline)
            {
                // The outcome is unknown: the same key tells.
            }
        }
    }

    private static async Task<bool> NoneOfTheseJobsPendingAsync(IJobMonitorGrain monitor, string run)
    {
        try
        {
            return !(await monitor.GetPendingAsync()).Any(job => job.Payload!.Contains(run));
        }
        catch (Exception error) when (error is not Errors.LoomError)
        {
            return false;
        }
    }

    private static async Task<bool> TryReadAllAsync(IGrainFactory grains, string[] accounts, decimal[] balances)
    {
        try
        {
            for (var i = 0; i < accounts.Length; i++)
            {
                balances[i] = (await grains.ExecuteUseCaseAsync<AccountView>(nameof(GetAccount), new { accountId = accounts[i] }))!.Balance;
            }

            return true;
        }
        catch (Exception error) when (error is not Errors.NotFound)
        {
            return false;
        }
    }
}
