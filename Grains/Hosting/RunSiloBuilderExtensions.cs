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
    /// Runs keep a reminder while unfinished, so the silo needs a reminder service (the Loom storage
    /// preset provides one).
    /// </summary>
    public static ISiloBuilder AddLoomRuns(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RunOptions>()
            .BindConfiguration(RunOptions.Section)
            .Validate(o => o.ReminderPeriod > TimeSpan.Zero, $"{RunOptions.Section}:ReminderPeriod must be positive.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<RunStores>();
        builder.Services.TryAddSingleton<RunFailpoints>();
        builder.Services.TryAddSingleton<RunOperationCatalog>();
        return builder;
    }
}
