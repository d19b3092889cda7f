using Orleans.Runtime;

namespace Loom.IntegrationTests.Reminders;

public sealed class TickingGrain(TickProbe ticks, ILocalSiloDetails silo) : Grain, ITickingGrain, IRemindable
{
    public const string ReminderName = "tick";

    // Below Orleans' one-minute floor: the test cluster lowers ReminderOptions.MinimumReminderPeriod to allow it.
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    public async Task<SiloAddress> StartTickingAsync()
    {
        await this.RegisterOrUpdateReminder(ReminderName, Period, Period);
        return silo.SiloAddress;
    }

    public Task<SiloAddress> WhereAsync() => Task.FromResult(silo.SiloAddress);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ticks.Record(this.GetPrimaryKeyString(), silo.SiloAddress);
        return Task.CompletedTask;
    }
}
