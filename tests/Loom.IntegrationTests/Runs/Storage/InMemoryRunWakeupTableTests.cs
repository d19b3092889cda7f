using Loom.Storage;
using Loom.Storage.InMemory;

namespace Loom.IntegrationTests.Runs.Storage;

public sealed class InMemoryRunWakeupTableTests : RunWakeupTableContract
{
    protected override ITableStoreFactory Factory { get; } = new InMemoryTableStoreFactory();
}
