namespace Loom.UseCases;

/// <summary>
/// What one activation of an idempotency anchor remembers between calls. Touched only on the anchor's
/// own turns; lost with the activation, which costs at most a table read or a batch written twice.
/// </summary>
internal sealed class AnchorMemory
{
    /// <summary>Whether the last call saw receipts moved out within the retention, so the next reads the table before it waits for the lock.</summary>
    public bool MayHaveMoved { get; set; } = true;

    /// <summary>
    /// How many times a batch was let go from the state: a table read that began before one can have
    /// missed its rows, so it is not trusted.
    /// </summary>
    public long BatchesLetGo { get; set; }

    /// <summary>The last batch reported written.</summary>
    public Guid? Written { get; set; }

    /// <summary>The batch last handed to a caller to write, and when: it is handed out again only after a while.</summary>
    public (Guid Id, DateTimeOffset At)? HandedOut { get; set; }
}
