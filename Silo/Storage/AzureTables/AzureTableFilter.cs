using Loom.Storage;

namespace Loom.Silo.Storage.AzureTables;

/// <summary>Writes a <see cref="TableQuery"/>'s partition and row-key range as an OData filter.</summary>
internal static class AzureTableFilter
{
    public static string For(TableQuery query)
    {
        var filter = $"PartitionKey eq {Literal(query.PartitionKey)}";
        if (query.RowKeyFrom is { } from)
        {
            filter += $" and RowKey ge {Literal(from)}";
        }

        if (query.RowKeyTo is { } to)
        {
            filter += $" and RowKey lt {Literal(to)}";
        }

        return filter;
    }

    // OData string literals double a single quote; nothing else in a key needs escaping, because the
    // SDK URL-encodes the whole filter.
    private static string Literal(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
