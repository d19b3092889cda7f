using Loom.Hosting;
using Loom.Samples.Ledger;
using Loom.Silo.Hosting;
using Loom.Storage;
using Loom.Storage.InMemory;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Loom.IntegrationTests.UseCases;

/// <summary>
/// A silo whose idempotency receipts are kept for five seconds and swept five times a second, on Loom's
/// table port: an anchor that records more receipts than it keeps moves its oldest ones to the table, a
/// retry is answered with its receipt, the sweep deletes the moved ones once they expire, and the key
/// then executes anew.
/// </summary>
public sealed class IdempotencyRetentionTests : IAsyncLifetime
{
    private static readonly TimeSpan Retention = TimeSpan.FromSeconds(5);
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
                useCases.IdempotencyRetention = Retention;
                useCases.IdempotencySweepInterval = TimeSpan.FromMilliseconds(200);
            }))
        .Build();

    [Fact]
    public async Task Receipts_moved_out_of_a_busy_anchor_answer_retries_until_they_expire_and_are_swept()
    {
        var grains = _cluster.Client;
        var (from, to) = await grains.OpenTwoAsync(100, 0);
        // The transfer anchors on the account first in lock order.
        var anchor = string.CompareOrdinal(from, to) < 0 ? from : to;
        var keys = Enumerable.Range(0, ReceiptRecorder.MaxKept + 4).Select(_ => Guid.NewGuid().ToString()).ToArray();
        var transfer = new { fromAccountId = from, toAccountId = to, amount = 1 };
        var firsts = new List<TransferResult?>();
        foreach (var key in keys)
        {
            firsts.Add(await grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: transfer, idempotencyKey: key));
        }

        // The batch set aside is written to the table once the transaction that set it aside has committed.
        await Poll.UntilAsync(async () => await MovedReceiptsAsync(anchor) == (ReceiptRecorder.MaxKept / 2) + 1, Eventually, TimeSpan.FromMilliseconds(50));
        var retried = await grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: transfer, idempotencyKey: keys[0]);
        await Poll.UntilAsync(async () => await MovedReceiptsAsync(anchor) == 0, Eventually, TimeSpan.FromMilliseconds(200));
        var anew = await grains.ExecuteUseCaseAsync<TransferResult>(nameof(Transfer), payload: transfer, idempotencyKey: keys[0]);

        Assert.Equal(firsts[0], retried);
        // Each key moved 1 of the 100 once; the key sent again after its receipt expired moves 1 more.
        Assert.Equal((100m - keys.Length, 99m - keys.Length), (firsts[^1]!.From.Balance, anew!.From.Balance));
    }

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<int> MovedReceiptsAsync(string accountId)
    {
        var table = await _tables.OpenAsync(EvictedReceipts.TableName);
        return await table.QueryAllAsync(new TableQuery(TableKeyEncoding.Join(typeof(Account).FullName!, accountId))).CountAsync();
    }
}
