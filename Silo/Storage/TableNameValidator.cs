using Loom.Errors;
using Loom.Storage;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Loom.Silo.Storage;

/// <summary>Fails silo or client start when a provider's table name is one Azure would refuse, naming the setting.</summary>
internal sealed class TableNameValidator<TOptions>(IOptions<TOptions> options) : IConfigurationValidator
    where TOptions : class, ITableNamedOptions
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
                $"{typeof(TOptions).Name}.{nameof(ITableNamedOptions.TableName)} ({TOptions.ConfigurationSection}:TableName in configuration) '{options.Value.TableName}' is invalid: {error.Detail}.", error);
        }
    }
}
