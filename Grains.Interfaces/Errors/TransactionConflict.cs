namespace Loom.Errors;

/// <summary>
/// A write use case's transaction kept aborting (lock contention or timeouts) and its retries are spent.
/// Nothing it wrote was committed.
/// </summary>
[GenerateSerializer]
public sealed class TransactionConflict : LoomError
{
    /// <summary>Creates the error.</summary>
    public TransactionConflict(string useCase, int attempts, string lastError)
        : base($"{useCase}: the transaction aborted {attempts} time(s); last: {lastError}")
    {
        UseCase = useCase;
        Attempts = attempts;
        LastError = lastError;
    }

    /// <summary>The use case whose transaction aborted.</summary>
    [Id(0)]
    public string UseCase { get; }

    /// <summary>How many times it was tried.</summary>
    [Id(1)]
    public int Attempts { get; }

    /// <summary>The last abort's message.</summary>
    [Id(2)]
    public string LastError { get; }

    /// <inheritdoc />
    public override string Code => "transaction_conflict";
}
