using Loom.Hosting;
using Loom.IntegrationTests.Clustering;
using Loom.Samples.Ledger;
using Loom.Silo.Hosting;
using Loom.Storage;
using Loom.Storage.InMemory;
using Loom.UseCases;

namespace Loom.IntegrationTests.Recovery;

/// <summary>Three silos running the sample ledger as the silo host configures them, a client set up for Loom, with grain state, membership and reminders in shared tables that outlive any silo.</summary>
public sealed class LedgerClusterFixture : TableClusterFixture
{
    protected override Task<ITableStoreFactory> CreateTableStoreFactoryAsync() => Task.FromResult<ITableStoreFactory>(new InMemoryTableStoreFactory());

    protected override void ConfigureSilo(ISiloBuilder silo) => silo
        .AddLoomTableGrainStorageAsDefault()
        .UseLoomGrainDirectory()
        .AddLoomUseCases(typeof(Transfer).Assembly)
        .Services.AddUseCase<DepositLater>();

    protected override void ConfigureClient(IClientBuilder client) => client.UseLoom();
}
