namespace Loom.UseCases;

/// <summary>What recording an idempotency receipt on an anchor came to.</summary>
/// <param name="Recorded">The receipt recorded under the key before, in which case nothing was written.</param>
/// <param name="ToMove">
/// A batch of receipts whose rows the caller is to write once its transaction has committed, and then
/// report with <see cref="IIdempotencyAnchor.MovedAsync"/>.
/// </param>
[GenerateSerializer, Immutable]
public sealed record ReceiptRecording([property: Id(0)] IdempotencyReceipt? Recorded, [property: Id(1)] ReceiptBatch? ToMove);
