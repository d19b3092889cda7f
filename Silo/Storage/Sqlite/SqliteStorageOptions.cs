namespace Loom.Silo.Storage.Sqlite;

/// <summary>Settings of the embedded SQLite store, bound from <c>Loom:Storage:Sqlite</c>.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Loom:Storage:Sqlite";

    /// <summary>
    /// The database file. A relative path is resolved against the working directory; the directory is
    /// created when missing. Default <c>.loom/loom.db</c>.
    /// </summary>
    public string Path { get; set; } = System.IO.Path.Combine(".loom", "loom.db");

    /// <summary>What an acknowledged write survives. Default <see cref="SqliteDurability.Normal"/>.</summary>
    public SqliteDurability Durability { get; set; } = SqliteDurability.Normal;
}
