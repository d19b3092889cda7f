using Loom.Silo.Reminders;
using Microsoft.Extensions.Configuration;
using Orleans.Providers;

[assembly: RegisterProvider(TableRemindersProviderBuilder.ProviderType, "Reminders", "Silo", typeof(TableRemindersProviderBuilder))]

namespace Loom.Silo.Reminders;

/// <summary>
/// Lets configuration alone choose table reminders: <c>Orleans:Reminders:ProviderType</c> set to
/// <see cref="ProviderType"/>, and optionally <c>Orleans:Reminders:TableName</c>.
/// </summary>
internal sealed class TableRemindersProviderBuilder : IProviderBuilder<ISiloBuilder>
{
    /// <summary>The provider type that selects this provider in configuration.</summary>
    public const string ProviderType = "LoomTables";

    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection) =>
        builder.UseLoomTableReminders(options =>
        {
            if (configurationSection[nameof(TableReminderOptions.TableName)] is { Length: > 0 } tableName)
            {
                options.TableName = tableName;
            }
        });
}
