using Orleans.Runtime;

namespace Loom.IntegrationTests.Reminders;

/// <summary>A grain that keeps a one-second reminder and reports every tick to the <see cref="TickProbe"/>.</summary>
public interface ITickingGrain : IGrainWithStringKey
{
    /// <summary>Registers the reminder and returns the silo the grain is active on.</summary>
    Task<SiloAddress> StartTickingAsync();

    /// <summary>The silo the grain is active on.</summary>
    Task<SiloAddress> WhereAsync();
}
