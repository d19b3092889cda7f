using Loom.Storage;
using Loom.Storage.InMemory;

namespace Loom.IntegrationTests.Persistence;

public sealed class InMemoryTableGrainStorageTests : TableGrainStorageContract
{
    protected override ITableStoreFactory Factory { get; } = new InMemoryTableStoreFactory();
}
