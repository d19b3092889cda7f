using Loom.Silo.Storage;

namespace Loom.Silo.Clustering;

/// <summary>Where the table clustering provider keeps cluster membership.</summary>
public sealed class TableClusteringOptions : ITableNamedOptions
{
    /// <inheritdoc />
    public static string ConfigurationSection => "Orleans:Clustering";

    /// <summary>The table used when none is configured.</summary>
    public const string DefaultTableName = "LoomMembership";

    /// <summary>
    /// The table that holds membership: one partition per cluster id, so clusters can share it.
    /// Silos and the clients of a cluster must name the same table. Default <see cref="DefaultTableName"/>.
    /// </summary>
    public string TableName { get; set; } = DefaultTableName;
}
