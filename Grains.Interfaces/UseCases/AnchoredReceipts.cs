namespace Loom.UseCases;

/// <summary>
/// The idempotency receipts an entity holds as the anchor of the calls that recorded them. Part of the
/// entity's transactional state, so a receipt commits with the writes of its call. The oldest ones move
/// out to the silo's table of evicted receipts in batches: a batch stays here, still answered from here,
/// until its rows are known to be written, and rows are written only after the transaction that set the
/// batch aside committed, so the table never holds a receipt that did not commit.
/// </summary>
[GenerateSerializer]
public sealed class AnchoredReceipts
{
    /// <summary>The receipts kept in the state, oldest first.</summary>
    [Id(0)]
    public List<IdempotencyReceipt> Kept { get; set; } = [];

    /// <summary>When the newest receipt whose row is written was recorded; null while none was moved out.</summary>
    [Id(1)]
    public DateTimeOffset? EvictedUpTo { get; set; }

    /// <summary>The batch set aside to move out, whose rows may not be written yet; null while there is none.</summary>
    [Id(2)]
    public ReceiptBatch? Moving { get; set; }
}
