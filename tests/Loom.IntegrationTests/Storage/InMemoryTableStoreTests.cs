using Loom.Storage;
using Loom.Storage.InMemory;

namespace Loom.IntegrationTests.Storage;

public sealed class InMemoryTableStoreTests : TableStoreConformance
{
    protected override ITableStoreFactory Factory { get; } = new InMemoryTableStoreFactory();
}
