namespace Loom.Storage;

/// <summary>One write to a table, alone or in a batch.</summary>
public sealed class TableOperation
{
    /// <summary>The ETag that matches any version of a row, for an unconditional replace or delete.</summary>
    public const string AnyETag = "*";

    private TableOperation(TableOperationKind kind, string partitionKey, string rowKey, TableRow? row, string? eTag)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        Kind = kind;
        PartitionKey = partitionKey;
        RowKey = rowKey;
        Row = row;
        ETag = eTag;
    }

    /// <summary>What the operation does.</summary>
    public TableOperationKind Kind { get; }

    /// <summary>The partition key of the row written.</summary>
    public string PartitionKey { get; }

    /// <summary>The row key of the row written.</summary>
    public string RowKey { get; }

    /// <summary>The row to store; null for a delete.</summary>
    public TableRow? Row { get; }

    /// <summary>The ETag the stored row must still have (replace and delete); <see cref="AnyETag"/> for any.</summary>
    public string? ETag { get; }

    /// <summary>Adds the row; a <see cref="Errors.TableConflict"/> when it exists.</summary>
    public static TableOperation Insert(TableRow row) => new(TableOperationKind.Insert, Keys(row).PartitionKey, row.RowKey, row, null);

    /// <summary>Adds or overwrites the row.</summary>
    public static TableOperation Upsert(TableRow row) => new(TableOperationKind.Upsert, Keys(row).PartitionKey, row.RowKey, row, null);

    /// <summary>Overwrites the row if its stored ETag is <paramref name="eTag"/>.</summary>
    public static TableOperation Replace(TableRow row, string eTag) =>
        new(TableOperationKind.Replace, Keys(row).PartitionKey, row.RowKey, row, eTag ?? throw new ArgumentNullException(nameof(eTag)));

    /// <summary>Removes the row if its stored ETag is <paramref name="eTag"/>.</summary>
    public static TableOperation Delete(string partitionKey, string rowKey, string eTag) =>
        new(TableOperationKind.Delete, partitionKey, rowKey, null, eTag ?? throw new ArgumentNullException(nameof(eTag)));

    /// <summary>Whether a stored ETag satisfies this operation's precondition.</summary>
    public bool Matches(string storedETag) => ETag is null or AnyETag || ETag == storedETag;

    private static TableRow Keys(TableRow row) => row ?? throw new ArgumentNullException(nameof(row));
}
