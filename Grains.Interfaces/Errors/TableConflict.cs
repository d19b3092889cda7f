namespace Loom.Errors;

/// <summary>
/// A conditional table write was refused: the row was already there, was gone, or had changed since
/// the ETag the writer held. Nothing of the write (or of the batch it was part of) was applied.
/// </summary>
[GenerateSerializer]
public sealed class TableConflict : LoomError
{
    /// <summary>Creates the error for the row and, in a batch, the index of the refused operation.</summary>
    public TableConflict(TableConflictReason reason, string table, string partitionKey, string rowKey, int? operationIndex = null)
        : base($"{Describe(reason)} in table '{table}' at ('{partitionKey}', '{rowKey}')"
            + (operationIndex is { } index ? $" (batch operation {index})." : "."))
    {
        Reason = reason;
        Table = table;
        PartitionKey = partitionKey;
        RowKey = rowKey;
        OperationIndex = operationIndex;
    }

    /// <summary>Why the write was refused.</summary>
    [Id(0)]
    public TableConflictReason Reason { get; }

    /// <summary>The table written to.</summary>
    [Id(1)]
    public string Table { get; }

    /// <summary>The row's partition key.</summary>
    [Id(2)]
    public string PartitionKey { get; }

    /// <summary>The row's key.</summary>
    [Id(3)]
    public string RowKey { get; }

    /// <summary>The position of the refused operation in its batch; null for a single write.</summary>
    [Id(4)]
    public int? OperationIndex { get; }

    /// <inheritdoc />
    public override string Code => "table_conflict";

    private static string Describe(TableConflictReason reason) => reason switch
    {
        TableConflictReason.AlreadyExists => "Row already exists",
        TableConflictReason.ETagMismatch => "Row changed since its ETag was read",
        _ => "Row not found",
    };
}
