using Loom.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loom.Hosting;

/// <summary>Adds durable runs to a silo.</summary>
public static class RunSiloBuilderExtensions
{
    /// <summary>
    /// Adds the run engine: run grains, their event and artifact stores on the silo's table port, and
    /// the catalog of operations registered with <see cref="RunServiceCollectionExtensions.AddRunOperation"/>.
    /// Unfinished runs are listed in wake-up buckets that sweep them on a reminder, so the silo needs
    /// a reminder service (the Loom storage preset provides one); a silo's death sweeps them at once.
    /// </summary>
    public static ISiloBuilder AddLoomRuns(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RunOptions>()
            .BindConfiguration(RunOptions.Section)
            .Validate(o => o.ReminderPeriod > TimeSpan.Zero, $"{RunOptions.Section}:ReminderPeriod must be positive.")
            .Validate(o => o.WakeupBuckets is >= 1 and <= 4096, $"{RunOptions.Section}:WakeupBuckets must be between 1 and 4096.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<RunStores>();
        builder.Services.TryAddSingleton<RunFailpoints>();
        builder.Services.TryAddSingleton<RunWakeups>();
        builder.Services.TryAddSingleton<RunOperationCatalog>();
        builder.Services.AddSiloDeathHandler<RunWakeupsOnSiloDeath>();
        return builder;
    }
}
