namespace Loom.Silo.Storage.Sqlite;

/// <summary>What an acknowledged write survives. Both keep the file in WAL mode.</summary>
public enum SqliteDurability
{
    /// <summary>
    /// WAL with <c>synchronous=NORMAL</c>: an acknowledged write survives the process being killed,
    /// but the last commits may be lost if the machine loses power. About six times the write rate
    /// of <see cref="Full"/> when writes trickle in one at a time.
    /// </summary>
    Normal,

    /// <summary>
    /// WAL with <c>synchronous=FULL</c>: an acknowledged write survives power loss, because every
    /// commit waits for the disk. Group commit spreads that wait over every writer in the group.
    /// </summary>
    Full,
}
