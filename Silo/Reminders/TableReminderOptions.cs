using Loom.Silo.Storage;

namespace Loom.Silo.Reminders;

/// <summary>Where the table reminder provider keeps reminders.</summary>
public sealed class TableReminderOptions : ITableNamedOptions
{
    /// <inheritdoc />
    public static string ConfigurationSection => "Orleans:Reminders";

    /// <summary>The table used when none is configured.</summary>
    public const string DefaultTableName = "LoomReminders";

    /// <summary>
    /// The table that holds reminders, in partitions keyed by service id, so services can share it.
    /// Default <see cref="DefaultTableName"/>.
    /// </summary>
    public string TableName { get; set; } = DefaultTableName;
}
