using Orleans.Concurrency;

namespace Loom.UseCases;

/// <summary>
/// A grain whose transactional state holds idempotency receipts: the entity a keyed call looks up
/// first by id, or a bucket of receipts for use cases that look none up. The anchor's lock orders
/// every call under one key, so the first outcome recorded is the only one.
/// </summary>
public interface IIdempotencyAnchor : IGrainWithStringKey
{
    /// <summary>
    /// Records <paramref name="receipt"/> unless a live receipt under its key is recorded already, in
    /// which case that one is returned and nothing is written. With <paramref name="expectedVersion"/>
    /// it throws <see cref="Entities.StaleEntity"/> when the entity is at another version.
    /// </summary>
    [Transaction(TransactionOption.CreateOrJoin)]
    Task<ReceiptRecording> RecordAsync(IdempotencyReceipt receipt, long? expectedVersion);

    /// <summary>
    /// The live receipt under <paramref name="key"/>, read in a transaction of its own: a receipt returned
    /// here committed, unlike one a transaction found and then rolled back.
    /// </summary>
    [Transaction(TransactionOption.Create)]
    [ReadOnly]
    Task<IdempotencyReceipt?> FindReceiptAsync(string key);

    /// <summary>Reports that the rows of the batch <paramref name="batch"/> are written: the anchor's next write lets the batch go.</summary>
    [Transaction(TransactionOption.Suppress)]
    Task MovedAsync(Guid batch);
}
