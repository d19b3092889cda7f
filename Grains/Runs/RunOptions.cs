namespace Loom.Runs;

/// <summary>Settings of the run engine, bound from <c>Loom:Runs</c>.</summary>
public sealed class RunOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Loom:Runs";

    /// <summary>
    /// How often an unfinished run's reminder fires to resume it if nothing else has: after a crash,
    /// this is the longest a run waits for another silo to pick it up. Orleans refuses periods below
    /// its <c>ReminderOptions.MinimumReminderPeriod</c> (one minute by default). Default one minute.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
