namespace Loom.UseCases;

/// <summary>
/// The idempotency receipts an entity holds as the anchor of the calls that recorded them, oldest
/// first, and up to when older ones were moved out to the silo's table of evicted receipts. Part of
/// the entity's transactional state, so a receipt commits with the writes of its call.
/// </summary>
[GenerateSerializer]
public sealed class AnchoredReceipts
{
    /// <summary>The receipts kept in the state, oldest first.</summary>
    [Id(0)]
    public List<IdempotencyReceipt> Kept { get; set; } = [];

    /// <summary>When the newest receipt moved out was recorded; null while none was.</summary>
    [Id(1)]
    public DateTimeOffset? EvictedUpTo { get; set; }
}
