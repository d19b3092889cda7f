using Loom.Errors;
using Loom.Storage;
using Microsoft.Extensions.Options;

namespace Loom.Silo.Persistence;

/// <summary>Refuses, at silo start, a grain-storage table name that Azure would refuse.</summary>
internal sealed class TableGrainStorageOptionsValidator : IValidateOptions<TableGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, TableGrainStorageOptions options)
    {
        try
        {
            TableRules.ValidateTableName(options.TableName);
            return ValidateOptionsResult.Success;
        }
        catch (TableLimitExceeded error)
        {
            return ValidateOptionsResult.Fail($"Grain storage '{name}': {nameof(TableGrainStorageOptions.TableName)} '{options.TableName}' is not valid: {error.Detail}.");
        }
    }
}
