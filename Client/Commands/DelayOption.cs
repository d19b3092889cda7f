using System.CommandLine;
using Loom.Runs;

namespace Loom.Client.Commands;

/// <summary>A retry delay in whole milliseconds, refused at parse time when below zero or past a week.</summary>
public static class DelayOption
{
    /// <summary>The option <paramref name="name"/>, defaulting to <paramref name="fallback"/>.</summary>
    public static Option<long> Create(string name, string description, TimeSpan fallback)
    {
        var option = new Option<long>(name) { Description = description, DefaultValueFactory = _ => (long)fallback.TotalMilliseconds };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<long>();
            if (value < 0 || value > (long)RetryPolicy.LongestDelay.TotalMilliseconds)
            {
                result.AddError($"{name} must be 0 to {(long)RetryPolicy.LongestDelay.TotalMilliseconds} ms (a week), not {value}.");
            }
        });
        return option;
    }
}
