namespace Loom.Jobs;

/// <summary>Settings of the job outbox and runner, bound from <c>Loom:Jobs</c>.</summary>
public sealed class JobOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Loom:Jobs";

    /// <summary>
    /// How many outbox partitions the jobs spread over. Every silo must agree, and lowering it strands the
    /// jobs of the partitions dropped. Each transaction that dispatches or runs a job locks one partition
    /// last, so more partitions mean less waiting. Default 64.
    /// </summary>
    public int Partitions { get; set; } = 64;

    /// <summary>How many times a job runs before it is recorded as failed. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The delay before a failed job's second run; each later one doubles. Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between runs of a failing job. Default 5 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each silo sweeps every partition for jobs nobody started (after a crash). Default 10 s.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many due jobs a partition runs at once; the failures among them are recorded together. Default 32.</summary>
    public int ConcurrentJobs { get; set; } = 32;

    /// <summary>How many failed jobs a partition keeps for inspection; older ones are dropped. Default 1,000.</summary>
    public int FailedJobsKept { get; set; } = 1000;
}
