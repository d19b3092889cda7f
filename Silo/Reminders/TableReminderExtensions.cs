using Loom.Silo.Storage;
using Loom.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loom.Silo.Reminders;

/// <summary>Keeps Orleans reminders in a table of the <see cref="ITableStoreFactory"/> the host registers.</summary>
public static class TableReminderExtensions
{
    /// <summary>
    /// Adds Orleans' reminder service to the silo and keeps reminders in a table
    /// (<see cref="TableReminderTable"/>), opened through the <see cref="ITableStoreFactory"/>
    /// registered in the silo's services.
    /// </summary>
    public static ISiloBuilder UseLoomTableReminders(this ISiloBuilder builder, Action<TableReminderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddReminders();
        var options = builder.Services.AddOptions<TableReminderOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigurationValidator, TableNameValidator<TableReminderOptions>>());
        builder.Services.AddSingleton<IReminderTable, TableReminderTable>();
        return builder;
    }
}
