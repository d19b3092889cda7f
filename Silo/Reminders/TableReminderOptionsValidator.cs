using Loom.Errors;
using Loom.Storage;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Loom.Silo.Reminders;

/// <summary>Fails silo start when the reminder table name is one Azure would refuse.</summary>
internal sealed class TableReminderOptionsValidator(IOptions<TableReminderOptions> options) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        try
        {
            TableRules.ValidateTableName(options.Value.TableName);
        }
        catch (TableLimitExceeded error)
        {
            throw new OrleansConfigurationException(
                $"{nameof(TableReminderOptions)}.{nameof(TableReminderOptions.TableName)} (Orleans:Reminders:TableName in configuration) '{options.Value.TableName}' is invalid: {error.Detail}.", error);
        }
    }
}
