using Loom.Storage;
using Loom.Storage.InMemory;

namespace Loom.IntegrationTests.Clustering;

public sealed class InMemoryTableClusterFixture : TableClusterFixture
{
    protected override Task<ITableStoreFactory> CreateTableStoreFactoryAsync() => Task.FromResult<ITableStoreFactory>(new InMemoryTableStoreFactory());
}
