using System.Reflection;
using Loom.Entities;
using Loom.Jobs;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Loom.Hosting;

/// <summary>Adds Loom to an Orleans silo.</summary>
public static class LoomSiloBuilderExtensions
{
    /// <summary>
    /// Adds Orleans transactions (a manager waits <see cref="UseCaseOptions.TransactionPrepareTimeout"/>
    /// for votes, and a participant asks a silent manager for the outcome every
    /// <see cref="UseCaseOptions.TransactionOutcomePing"/>), the use-case engine on its Orleans ports (transactional unit of
    /// work, grain-backed repositories for every entity type with the silo's entity snapshots, the
    /// partitioned job outbox, its sweeper and its drain when a silo dies, the sweep of expired idempotency receipts) and the use cases marked <see cref="UseCaseAttribute"/> in <paramref name="useCaseAssemblies"/>.
    /// </summary>
    public static ISiloBuilder AddLoomUseCases(this ISiloBuilder builder, params Assembly[] useCaseAssemblies)
    {
        builder.UseTransactions();
        builder.Services.AddOptions<TransactionalStateOptions>()
            .Configure<IOptions<UseCaseOptions>>((transactions, useCases) =>
            {
                transactions.RemoteTransactionPingFrequency = useCases.Value.TransactionOutcomePing;
                transactions.PrepareTimeout = useCases.Value.TransactionPrepareTimeout;
            });
        builder.Services.AddSingleton<IUnitOfWork, TransactionalUnitOfWork>();
        builder.Services.AddSingleton<UseCaseFailpoints>();
        builder.Services.AddSingleton<IdempotencyExpiries>();
        builder.Services.AddSingleton<EvictedReceipts>();
        builder.Services.AddSingleton<ReceiptRecorder>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, IdempotencySweeper>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<UseCaseFailpoints>());
        builder.Services.AddSingleton(typeof(IRepository<>), typeof(GrainRepository<>));
        builder.Services.AddSingleton<EntitySnapshots>();
        builder.Services.AddSingleton<IJobOutbox, GrainJobOutbox>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, JobSweeper>();
        builder.Services.AddSiloDeathHandler<JobOutboxOnSiloDeath>();
        builder.Services.AddLoomUseCaseEngine().AddUseCasesFrom(useCaseAssemblies);
        return builder;
    }
}
