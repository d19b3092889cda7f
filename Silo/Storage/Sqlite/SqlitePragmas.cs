namespace Loom.Silo.Storage.Sqlite;

/// <summary>
/// The settings SQLite reported on the writer connection after the store applied them: what the
/// file's durability really is, not what was asked for.
/// </summary>
/// <param name="JournalMode">The journal mode, <c>wal</c> for this store.</param>
/// <param name="Synchronous">The synchronous level: 1 (NORMAL) or 2 (FULL).</param>
public sealed record SqlitePragmas(string JournalMode, int Synchronous);
