using Loom.Storage;
using Loom.Storage.InMemory;

namespace Loom.IntegrationTests.Clustering;

public sealed class InMemoryMembershipTableTests : MembershipTableContract
{
    protected override ITableStoreFactory Factory { get; } = new InMemoryTableStoreFactory();
}
