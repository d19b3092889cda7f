namespace Loom.Runs;

/// <summary>Settings of the run engine, bound from <c>Loom:Runs</c>.</summary>
public sealed class RunOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Loom:Runs";

    /// <summary>
    /// How often each wake-up bucket's reminder sweeps its unfinished runs and resumes them: after a
    /// crash, this is about the longest a run waits for another silo to pick it up. Orleans refuses
    /// periods below its <c>ReminderOptions.MinimumReminderPeriod</c> (one minute by default).
    /// Default one minute.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many buckets the unfinished-runs list is spread over, each kept by its own grain with its
    /// own reminder. More buckets spread the sweeps over more silos; fewer batch more starts into one
    /// write. It may be changed: a bucket keeps its reminder, and goes on sweeping what was listed in
    /// it, when the count no longer reaches it. Default 8.
    /// </summary>
    public int WakeupBuckets { get; set; } = 8;
}
