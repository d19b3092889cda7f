using Loom.Storage;
using Loom.Storage.InMemory;

namespace Loom.IntegrationTests.Runs.Storage;

public sealed class InMemoryRunEventStoreTests : RunEventStoreContract
{
    protected override ITableStoreFactory Factory { get; } = new InMemoryTableStoreFactory();
}
