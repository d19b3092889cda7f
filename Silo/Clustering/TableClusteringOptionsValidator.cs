using Loom.Errors;
using Loom.Storage;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Loom.Silo.Clustering;

/// <summary>Fails silo or client start when the membership table name is one Azure would refuse.</summary>
internal sealed class TableClusteringOptionsValidator(IOptions<TableClusteringOptions> options) : IConfigurationValidator
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
                $"{nameof(TableClusteringOptions)}.{nameof(TableClusteringOptions.TableName)} (Orleans:Clustering:TableName in configuration) '{options.Value.TableName}' is invalid: {error.Detail}.", error);
        }
    }
}
