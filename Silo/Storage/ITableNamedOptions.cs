namespace Loom.Silo.Storage;

/// <summary>Options of a provider that keeps its rows in one table of the port, named in configuration.</summary>
public interface ITableNamedOptions
{
    /// <summary>The configuration section the options are read from, as it appears in messages.</summary>
    static abstract string ConfigurationSection { get; }

    /// <summary>The table's name.</summary>
    string TableName { get; }
}
