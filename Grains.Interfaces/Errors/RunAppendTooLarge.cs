namespace Loom.Errors;

/// <summary>
/// One append held more events, or more bytes, than one atomic table batch carries. An append is
/// never split, because a split append could be half written; the caller appends in smaller calls.
/// Nothing was written.
/// </summary>
[GenerateSerializer]
public sealed class RunAppendTooLarge : LoomError
{
    /// <summary>Creates the error for the run, the append's first sequence and what exceeded the limit.</summary>
    public RunAppendTooLarge(string runId, long firstSequence, string detail)
        : base($"The append to run '{runId}' at sequence {firstSequence} does not fit one batch: {detail}. Nothing was appended.")
    {
        RunId = runId;
        FirstSequence = firstSequence;
        Detail = detail;
    }

    /// <summary>The run appended to.</summary>
    [Id(0)]
    public string RunId { get; }

    /// <summary>The sequence the append started at.</summary>
    [Id(1)]
    public long FirstSequence { get; }

    /// <summary>What exceeded the limit, with the figures.</summary>
    [Id(2)]
    public string Detail { get; }

    /// <inheritdoc />
    public override string Code => "event_append_too_large";
}
