namespace Loom.UseCases;

/// <summary>Settings of the use-case engine, bound from <c>Loom:UseCases</c>.</summary>
public sealed class UseCaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Loom:UseCases";

    /// <summary>The largest payload accepted, in bytes of UTF-8 JSON. Default 1 MiB.</summary>
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>How many times a write use case runs before an aborting transaction is reported. Default 8.</summary>
    public int MaxTransactionAttempts { get; set; } = 8;

    /// <summary>
    /// How long a use case goes on retrying aborted transactions: no new attempt starts that, taking as
    /// long as the last one, would end past it, and the caller gets a <see cref="Errors.TransactionConflict"/>.
    /// A call under an idempotency key that runs again after a receipt it found rolled back shares one
    /// budget. Keep it below the callers' response timeout (Orleans' default is 30 s), so that no attempt
    /// runs for a caller that has given up and adds to the contention its retries would meet. Default 20 s.
    /// </summary>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The first retry's delay; each later one doubles, with jitter. Default 5 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// How many entities' last committed values a silo keeps so that write use cases can start from
    /// them without reading each under a lock; every one is version-checked as its lock is taken.
    /// 0 turns this off. Default 10,000.
    /// </summary>
    public int EntitySnapshotCapacity { get; set; } = 10_000;

    /// <summary>
    /// How often a transaction participant that voted to commit asks a transaction manager it has not
    /// heard from for the outcome. Until it hears, its entity stays locked, so this bounds how long a
    /// manager lost with its silo holds up the entities of its transactions (Orleans' own default is a
    /// minute, which stalls every transfer touching them). Default 2 s.
    /// </summary>
    public TimeSpan TransactionOutcomePing { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a transaction manager waits for its participants' votes before it aborts. A participant
    /// lost with its silo never votes, and until the manager gives up, every entity the transaction
    /// locked stays locked (Orleans' own default is 20 s, which stalls every transfer touching them);
    /// a vote normally costs one storage write. Default 5 s.
    /// </summary>
    public TimeSpan TransactionPrepareTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the outcome of a write use case called with an idempotency key is kept: within it, a
    /// call with the same key returns that outcome instead of executing again. Default 24 hours.
    /// </summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How often each silo deletes the idempotency receipts whose retention has passed from the table
    /// anchors move their older receipts to (with a table port; without one they are never moved). Default 10 minutes.
    /// </summary>
    public TimeSpan IdempotencySweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Writes a debug log line for every pipeline step (bind, each load, compute and rule). Default off.</summary>
    public bool LogSteps { get; set; }

    /// <summary>The longest delay between retries. Default 500 ms.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
