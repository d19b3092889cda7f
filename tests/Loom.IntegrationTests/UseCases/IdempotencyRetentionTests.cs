using Loom.Hosting;
using Loom.Samples.Ledger;
using Loom.Silo.Hosting;
using Loom.Storage;
using Loom.Storage.InMemory;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Orleans.Transactions;

namespace Loom.IntegrationTests.UseCases;

/// <summary>
/// A silo whose idempotency records are kept for a second and swept five times a second, on Loom's
/// table storage: an expired record is deleted from storage, and its key then executes anew.
/// </summary>
/// <remarks>
/// The record's grain outlives a one-second retention: its first write after the sweep finds its row
/// gone, fails in doubt (nothing committed) and deactivates it, and the caller's retry executes. With a
/// retention longer than Orleans' idle collection the grain is long gone when its record is swept.
/// </remarks>
public sealed class IdempotencyRetentionTests : IAsyncLifetime
{
    private static readonly TimeSpan Eventually = TimeSpan.FromSeconds(30);
    private readonly InMemoryTableStoreFactory _tables = new();
    private readonly InProcessTestCluster _cluster;

    public IdempotencyRetentionTests() => _cluster = new InProcessTestClusterBuilder(1)
        .ConfigureSilo((_, silo) => silo
            .AddLoomTableGrainStorageAsDefault()
            .AddLoomUseCases(typeof(Transfer).Assembly)
            .Services
            .AddSingleton<ITableStoreFactory>(_tables)
            .Configure<UseCaseOptions>(useCases =>
            {
                useCases.IdempotencyRetention = TimeSpan.FromSeconds(1);
                useCases.IdempotencySweepInterval = TimeSpan.FromMilliseconds(200);
            }))
        .Build();

    [Fact]
    public async Task An_expired_record_is_deleted_from_storage_and_its_key_executes_anew()
    {
        var grains = _cluster.Client;
        var (from, to) = ($"ret-{Guid.NewGuid():N}", $"ret-{Guid.NewGuid():N}");
        await grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new { accountId = from, owner = "ret", initialDeposit = 100 });
        await grains.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new { accountId = to, owner = "ret", initialDeposit = 0 });
        var key = Guid.NewGuid().ToString();
        var transfer = new { fromAccountId = from, toAccountId = to, amount = 10 };

        var first = await grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: transfer, idempotencyKey: key);
        var stored = await RecordExistsAsync($"{nameof(Transfer)}/{key}");
        await Poll.UntilAsync(async () => !await RecordExistsAsync($"{nameof(Transfer)}/{key}"), Eventually, TimeSpan.FromMilliseconds(200));
        var second = await ExecuteAgainAsync(grains, transfer, key);

        Assert.True(stored);
        Assert.Equal((90m, 80m), (first!.From.Balance, second!.From.Balance));
    }

    public Task InitializeAsync() => _cluster.DeployAsync();

    private static async Task<TransferResult?> ExecuteAgainAsync(IGrainFactory grains, object transfer, string key)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: transfer, idempotencyKey: key);
            }
            catch (OrleansTransactionInDoubtException) when (attempt < 3)
            {
                // The grain's view of its deleted row was stale; it has deactivated.
            }
        }
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<bool> RecordExistsAsync(string recordKey)
    {
        var storage = _cluster.GetSiloServiceProvider().GetRequiredService<IGrainStorage>();
        var state = new GrainState<TransactionalStateRecord<IdempotencyRecord>>();
        await storage.ReadStateAsync(IdempotencyGrain.StateName, _cluster.Client.GetGrain<IIdempotencyGrain>(recordKey).GetGrainId(), state);
        return state.RecordExists;
    }
}
