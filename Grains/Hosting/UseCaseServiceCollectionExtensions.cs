using System.Reflection;
using Loom.Jobs;
using Loom.Observability;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Loom.Hosting;

/// <summary>Registers the use-case engine and use cases with a service collection.</summary>
public static class UseCaseServiceCollectionExtensions
{
    /// <summary>
    /// Adds the host-agnostic use-case engine: compiler, catalog (compiled at start-up, so a malformed
    /// use case stops the host), executor, job dispatcher and telemetry. Its ports (the unit of work,
    /// the repositories, the job outbox) are provided by the host; see
    /// <see cref="LoomSiloBuilderExtensions.AddLoomUseCases"/> for the Orleans ones.
    /// </summary>
    public static IServiceCollection AddLoomUseCaseEngine(this IServiceCollection services)
    {
        services.AddOptions<UseCaseOptions>()
            .BindConfiguration(UseCaseOptions.Section)
            .Validate(o => o.MaxPayloadBytes > 0, $"{UseCaseOptions.Section}:MaxPayloadBytes must be positive.")
            .Validate(o => o.MaxTransactionAttempts >= 1, $"{UseCaseOptions.Section}:MaxTransactionAttempts must be at least 1.")
            .Validate(o => o.EntitySnapshotCapacity >= 0, $"{UseCaseOptions.Section}:EntitySnapshotCapacity must not be negative.")
            .Validate(o => o.IdempotencyRetention > TimeSpan.Zero, $"{UseCaseOptions.Section}:IdempotencyRetention must be positive.")
            .Validate(o => o.IdempotencySweepInterval > TimeSpan.Zero, $"{UseCaseOptions.Section}:IdempotencySweepInterval must be positive.")
            .Validate(o => o.RetryBudget > TimeSpan.Zero, $"{UseCaseOptions.Section}:RetryBudget must be positive.")
            .Validate(o => o.TransactionPrepareTimeout > TimeSpan.Zero, $"{UseCaseOptions.Section}:TransactionPrepareTimeout must be positive.")
            .Validate(o => o.TransactionOutcomePing > TimeSpan.Zero, $"{UseCaseOptions.Section}:TransactionOutcomePing must be positive.")
            .Validate(o => o.RetryBaseDelay >= TimeSpan.Zero && o.RetryMaxDelay >= o.RetryBaseDelay,
                $"{UseCaseOptions.Section}:RetryBaseDelay must not be negative nor above RetryMaxDelay.")
            .ValidateOnStart();
        services.AddOptions<JobOptions>()
            .BindConfiguration(JobOptions.Section)
            .Validate(o => o.Partitions >= 1, $"{JobOptions.Section}:Partitions must be at least 1.")
            .Validate(o => o.MaxAttempts >= 1, $"{JobOptions.Section}:MaxAttempts must be at least 1.")
            .Validate(o => o.ConcurrentJobs >= 1, $"{JobOptions.Section}:ConcurrentJobs must be at least 1.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero, $"{JobOptions.Section}:SweepInterval must be positive.")
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IJobDispatcher, JobDispatcher>();

        services.TryAddSingleton<UseCaseTelemetry>();
        services.TryAddSingleton(new SingletonUseCaseFactory(services));
        services.TryAddSingleton<UseCaseCompiler>();
        services.TryAddSingleton<UseCaseCatalog>();
        services.TryAddSingleton<UseCaseExecutor>();
        services.TryAddSingleton<IUseCaseExecutor>(sp => sp.GetRequiredService<UseCaseExecutor>());
        services.AddHostedService<UseCaseCatalogWarmup>();
        return services;
    }

    /// <summary>Registers <typeparamref name="TUseCase"/> to be compiled at start-up and callable by name.</summary>
    public static IServiceCollection AddUseCase<TUseCase>(this IServiceCollection services)
        where TUseCase : class => services.AddUseCase(typeof(TUseCase));

    /// <summary>Registers every class marked <see cref="UseCaseAttribute"/> in the assemblies.</summary>
    public static IServiceCollection AddUseCasesFrom(this IServiceCollection services, params Assembly[] assemblies)
    {
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()).Where(t => t.IsDefined(typeof(UseCaseAttribute), inherit: false)))
        {
            services.AddUseCase(type);
        }

        return services;
    }

    /// <summary>Registers the use case for compilation, and as a transient so the container builds each execution's instance.</summary>
    private static IServiceCollection AddUseCase(this IServiceCollection services, Type useCase)
    {
        services.TryAddTransient(useCase);
        return services.AddSingleton(new UseCaseRegistration(useCase));
    }
}
