namespace Loom.UseCases;

/// <summary>Receipts an anchor set aside to move out to the table of evicted receipts, under an id of their own.</summary>
/// <param name="Id">Tells this batch from the anchor's later ones, when the anchor hears its rows are written.</param>
/// <param name="Anchor">The anchor's partition in the table.</param>
/// <param name="Receipts">The receipts, oldest first.</param>
[GenerateSerializer, Immutable]
public sealed record ReceiptBatch([property: Id(0)] Guid Id, [property: Id(1)] string Anchor, [property: Id(2)] IReadOnlyList<IdempotencyReceipt> Receipts);
