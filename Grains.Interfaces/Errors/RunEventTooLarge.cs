namespace Loom.Errors;

/// <summary>
/// An event is larger than one table row holds (just under 1 MiB with its type and keys). Large
/// payloads belong in the artifact store, with the event holding the artifact's id. Nothing was written.
/// </summary>
[GenerateSerializer]
public sealed class RunEventTooLarge : LoomError
{
    /// <summary>Creates the error for the run, the event's sequence and its size against the limit.</summary>
    public RunEventTooLarge(string runId, long sequence, long bytes, long maxBytes)
        : base($"Event {sequence} of run '{runId}' takes {bytes} bytes as a row; a row holds at most {maxBytes}. Store the payload as an artifact; nothing was appended.")
    {
        RunId = runId;
        Sequence = sequence;
        Bytes = bytes;
        MaxBytes = maxBytes;
    }

    /// <summary>The run the event was appended to.</summary>
    [Id(0)]
    public string RunId { get; }

    /// <summary>The sequence the event would have had.</summary>
    [Id(1)]
    public long Sequence { get; }

    /// <summary>The event's size as a row, by Azure's entity size formula.</summary>
    [Id(2)]
    public long Bytes { get; }

    /// <summary>The largest row.</summary>
    [Id(3)]
    public long MaxBytes { get; }

    /// <inheritdoc />
    public override string Code => "event_too_large";
}
