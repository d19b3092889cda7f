using Loom.Storage;
using Loom.Storage.InMemory;

namespace Loom.IntegrationTests.Reminders;

public sealed class InMemoryReminderTableTests : ReminderTableContract
{
    protected override ITableStoreFactory Factory { get; } = new InMemoryTableStoreFactory();
}
