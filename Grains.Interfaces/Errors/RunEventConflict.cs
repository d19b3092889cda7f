namespace Loom.Errors;

/// <summary>
/// An append to a run's event stream found one of its sequence numbers already taken: another
/// writer appended first. Nothing of the append was written; the writer must reread the stream.
/// </summary>
[GenerateSerializer]
public sealed class RunEventConflict : LoomError
{
    /// <summary>Creates the error for the run and the sequence number that was already taken.</summary>
    public RunEventConflict(string runId, long sequence)
        : base($"Run '{runId}' already has an event with sequence {sequence}; nothing was appended.")
    {
        RunId = runId;
        Sequence = sequence;
    }

    /// <summary>The run whose stream was appended to.</summary>
    [Id(0)]
    public string RunId { get; }

    /// <summary>The sequence number another writer holds.</summary>
    [Id(1)]
    public long Sequence { get; }

    /// <inheritdoc />
    public override string Code => "event_sequence_taken";
}
