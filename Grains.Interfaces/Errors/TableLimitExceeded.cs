namespace Loom.Errors;

/// <summary>
/// A table operation broke one of Azure Table Storage's limits. Every storage adapter checks the
/// limits itself before any I/O, so an embedded store fails exactly where Azure would.
/// </summary>
[GenerateSerializer]
public sealed class TableLimitExceeded : LoomError
{
    /// <summary>Creates the error for the limit, the table and row it concerns, and what broke it.</summary>
    public TableLimitExceeded(TableLimit limit, string table, string partitionKey, string rowKey, string detail)
        : base($"{limit} limit broken in table '{table}' at ({Shorten(partitionKey)}, {Shorten(rowKey)}): {detail}")
    {
        Limit = limit;
        Table = table;
        PartitionKey = partitionKey;
        RowKey = rowKey;
        Detail = detail;
    }

    /// <summary>The limit that was broken.</summary>
    [Id(0)]
    public TableLimit Limit { get; }

    /// <summary>The table written to.</summary>
    [Id(1)]
    public string Table { get; }

    /// <summary>The partition key of the offending row (empty when the fault is not a row's).</summary>
    [Id(2)]
    public string PartitionKey { get; }

    /// <summary>The row key of the offending row (empty when the fault is not a row's).</summary>
    [Id(3)]
    public string RowKey { get; }

    /// <summary>What exceeded the limit, with the figures: which property, how large, the maximum.</summary>
    [Id(4)]
    public string Detail { get; }

    /// <inheritdoc />
    public override string Code => "table_limit";

    private static string Shorten(string key) => key.Length <= 64 ? $"'{key}'" : $"'{key[..61]}...'";
}
