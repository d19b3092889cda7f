namespace Loom.UseCases;

/// <summary>
/// What one activation of an idempotency anchor remembers between calls: whether receipts were moved
/// out lately, so that the next call reads the table of evicted receipts before it waits for the lock,
/// and how many evictions it began and finished, which tells whether such a read can be trusted.
/// Touched only on the anchor's own turns.
/// </summary>
internal sealed class AnchorMemory
{
    /// <summary>Whether the last call saw receipts moved out within the retention; true until a call has looked.</summary>
    public bool MayHaveMoved { get; set; } = true;

    /// <summary>Evictions this activation began: counted before their rows are written.</summary>
    public long EvictionsBegun { get; set; }

    /// <summary>Evictions this activation finished writing, or gave up on.</summary>
    public long EvictionsDone { get; set; }
}
