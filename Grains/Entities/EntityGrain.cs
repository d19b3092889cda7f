using Loom.Storage;
using Loom.UseCases;
using Orleans.Concurrency;
using Orleans.Transactions.Abstractions;

namespace Loom.Entities;

/// <summary>
/// Holds one entity in transactional state; the repository is its only caller. It is also the
/// idempotency anchor of the keyed calls that look it up first, so their receipts commit with its writes.
/// </summary>
/// <remarks>
/// Reentrant because the transactional lock, not the grain turn, guards the state: a caller waiting
/// for the lock must not stop the lock holder's next call from reaching the grain.
/// </remarks>
[Reentrant]
public sealed class EntityGrain<TEntity>(
    [TransactionalState("entity")] ITransactionalState<EntityState<TEntity>> state,
    ReceiptRecorder receipts)
    : Grain, IEntityGrain<TEntity>
    where TEntity : class
{
    private static readonly string EntityName = typeof(TEntity).FullName ?? typeof(TEntity).Name;

    private readonly AnchorMemory _memory = new();
    private string? _anchor;

    /// <inheritdoc />
    public Task<TEntity?> GetAsync() => state.PerformRead(s => s.Value);

    /// <inheritdoc />
    public Task<EntitySnapshot<TEntity>> ReadAsync() => state.PerformRead(s => new EntitySnapshot<TEntity>(s.Value, s.Version));

    /// <inheritdoc />
    public async Task<EntityWrite<TEntity>> WriteAsync(TEntity? value, long? expectedVersion, IdempotencyReceipt? receipt)
    {
        if (receipt is null)
        {
            return await state.PerformUpdate(s => Write(s, value, expectedVersion));
        }

        var (recording, written) = await receipts.RecordAsync(state, _memory, Anchor, receipt, s => Write(s, value, expectedVersion));
        return recording.Recorded is null ? written! with { Recording = recording } : new EntityWrite<TEntity>(null, expectedVersion ?? 0, recording);
    }

    /// <inheritdoc />
    public async Task<ReceiptRecording> RecordAsync(IdempotencyReceipt receipt, long? expectedVersion) =>
        (await receipts.RecordAsync(state, _memory, Anchor, receipt, s => Check(s, expectedVersion))).Recording;

    /// <inheritdoc />
    public Task<IdempotencyReceipt?> FindReceiptAsync(string key) => receipts.FindAsync(state, Anchor, key);

    /// <inheritdoc />
    public Task MovedAsync(Guid batch)
    {
        _memory.ReportWritten(batch);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ConfirmAsync(long version) => state.PerformRead(s => Check(s, version));

    /// <summary>The anchor's partition in the table of evicted receipts: the entity type and id.</summary>
    private string Anchor => _anchor ??= TableKeyEncoding.Join(EntityName, this.GetPrimaryKeyString());

    private EntityWrite<TEntity> Write(EntityState<TEntity> s, TEntity? value, long? expectedVersion)
    {
        Check(s, expectedVersion);
        var previous = s.Value;
        s.Value = value;
        s.Version++;
        return new EntityWrite<TEntity>(previous, s.Version);
    }

    private bool Check(EntityState<TEntity> s, long? expectedVersion) => expectedVersion is not { } expected || s.Version == expected
        ? true
        : throw new StaleEntity(EntityName, this.GetPrimaryKeyString(), expected, s.Version);
}
