namespace Loom.Errors;

/// <summary>
/// An append to a run's event stream would have left a gap: the sequence it started at is not the
/// one after the stream's last event. Nothing was written.
/// </summary>
[GenerateSerializer]
public sealed class RunEventSequenceGap : LoomError
{
    /// <summary>Creates the error for the run, the sequence the append started at and the stream's last sequence.</summary>
    public RunEventSequenceGap(string runId, long expectedSequence, long head)
        : base($"Run '{runId}' ends at sequence {head}; an append at {expectedSequence} would leave a gap, so nothing was appended.")
    {
        RunId = runId;
        ExpectedSequence = expectedSequence;
        Head = head;
    }

    /// <summary>The run whose stream was appended to.</summary>
    [Id(0)]
    public string RunId { get; }

    /// <summary>The sequence the append started at.</summary>
    [Id(1)]
    public long ExpectedSequence { get; }

    /// <summary>The stream's last sequence when the append was refused (0 for an empty stream).</summary>
    [Id(2)]
    public long Head { get; }

    /// <inheritdoc />
    public override string Code => "event_sequence_gap";
}
