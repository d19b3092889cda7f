namespace Loom.Silo.Hosting;

/// <summary>Where a Loom silo keeps everything it persists.</summary>
public enum LoomStorageProvider
{
    /// <summary>One SQLite file on this machine: state, reminders and transactions survive a restart.</summary>
    Embedded,

    /// <summary>Azure Table Storage, shared by every silo of the cluster, which also keeps membership there.</summary>
    AzureStorage,

    /// <summary>Process memory: gone when the silo stops. For tests and demos.</summary>
    InMemory,
}
