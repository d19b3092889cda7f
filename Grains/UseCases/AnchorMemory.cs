namespace Loom.UseCases;

/// <summary>
/// What one activation of an idempotency anchor remembers between calls. Touched only on the anchor's
/// own turns; lost with the activation, which costs at most a table read or a batch written twice.
/// </summary>
internal sealed class AnchorMemory
{
    /// <summary>Whether the last call saw receipts moved out within the retention, so the next reads the table before it waits for the lock.</summary>
    public bool MayHaveMoved { get; set; } = true;

    /// <summary>How many times a batch was reported written: a table read notes it when it begins.</summary>
    public long Reports { get; private set; }

    /// <summary>The last batch reported written, and the report it came with.</summary>
    public (Guid Id, long Report)? Written { get; private set; }

    /// <summary>
    /// The report of the last batch let go from the state: a table read that began before that report
    /// can have missed the batch's rows, so it is not trusted.
    /// </summary>
    public long LetGoReport { get; set; }

    /// <summary>The batch last handed to a caller to write, and when: it is handed out again only after a while.</summary>
    public (Guid Id, DateTimeOffset At)? HandedOut { get; set; }

    /// <summary>Notes that the rows of <paramref name="batch"/> are written.</summary>
    public void ReportWritten(Guid batch) => Written = (batch, ++Reports);
}
