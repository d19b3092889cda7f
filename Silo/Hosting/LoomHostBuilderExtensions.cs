using System.Reflection;
using Loom.Hosting;
using Loom.Observability;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Loom.Silo.Hosting;

/// <summary>Configures a web application host as a Loom silo.</summary>
public static class LoomHostBuilderExtensions
{
    /// <summary>
    /// Hosts an Orleans silo with transactions and the use cases of <paramref name="useCaseAssemblies"/>,
    /// keeping grain state, transactional state and reminders on the table port the <c>Loom:Storage</c>
    /// preset selects (an embedded SQLite file by default; see
    /// <see cref="LoomStorageSiloBuilderExtensions.UseLoomStorage"/>), plus health checks and
    /// OpenTelemetry (Loom's and Orleans' traces and metrics, and logs), exported over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. A stop signal leaves the cluster within
    /// <see cref="LoomSiloOptions.ShutdownTimeout"/>.
    /// </summary>
    public static WebApplicationBuilder AddLoomSilo(this WebApplicationBuilder builder, params Assembly[] useCaseAssemblies)
    {
        var silo = builder.Configuration.GetSection(LoomSiloOptions.Section).Get<LoomSiloOptions>() ?? new LoomSiloOptions();
        silo.Validate();
        var storage = LoomStorageOptions.From(builder.Configuration);
        builder.Services.AddLoomTableStorage(storage);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = silo.ShutdownTimeout);
        builder.UseOrleans(orleans => orleans
            .UseLoomStorage(storage, silo)
            .UseLoomGrainDirectory()
            .AddLoomRuns()
            .AddLoomUseCases(useCaseAssemblies));

        builder.Services.AddHealthChecks().AddCheck<SiloReadyCheck>("silo", tags: ["ready"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(UseCaseTelemetry.SourceName, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"))
            .WithMetrics(metrics => metrics.AddMeter(UseCaseTelemetry.SourceName, "Microsoft.Orleans"))
            .WithLogging();
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
