using System.Globalization;
using Azure.Data.Tables;
using Loom.Storage;

namespace Loom.Silo.Storage.AzureTables;

/// <summary>Converts between the port's <see cref="TableRow"/> and the SDK's <see cref="TableEntity"/>.</summary>
internal static class AzureTableEntities
{
    // What the SDK puts beside a row's own properties: its keys, the service's timestamp and the ETag.
    private static readonly HashSet<string> SystemProperties = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    public static TableEntity ToEntity(TableRow row)
    {
        var entity = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in row.Properties)
        {
            // The SDK writes a double as a JSON number, which cannot hold NaN or an infinity: the service
            // takes those as strings annotated Edm.Double, and the SDK reads them back as doubles.
            if (value is double number && !double.IsFinite(number))
            {
                entity[name] = number.ToString(CultureInfo.InvariantCulture);
                entity[$"{name}@odata.type"] = "Edm.Double";
            }
            else
            {
                entity[name] = value;
            }
        }

        return entity;
    }

    public static TableRow ToRow(TableEntity entity)
    {
        var properties = new Dictionary<string, object>(entity.Count, StringComparer.Ordinal);
        foreach (var (name, value) in entity)
        {
            if (!SystemProperties.Contains(name))
            {
                properties.Add(name, value);
            }
        }

        return new TableRow(entity.PartitionKey, entity.RowKey, properties, entity.ETag.ToString());
    }
}
