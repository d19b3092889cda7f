namespace Loom.UseCases;

/// <summary>
/// A call under an idempotency key found the outcome of an earlier call under that key on its anchor:
/// its own work is rolled back, and the recorded outcome is its answer.
/// </summary>
internal sealed class AlreadyRecorded(IdempotencyReceipt recorded)
    : Exception($"an outcome is already recorded under the idempotency key {recorded.Key}")
{
    /// <summary>The outcome recorded first.</summary>
    public IdempotencyReceipt Recorded { get; } = recorded;
}
