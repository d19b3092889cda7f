namespace Loom.Storage;

/// <summary>
/// A stored row: its keys, its properties and, once stored, its ETag. Property values are
/// <see cref="string"/>, <see cref="byte"/>[], <see cref="bool"/>, <see cref="int"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="Guid"/> or <see cref="DateTimeOffset"/>, the types Azure Tables store.
/// </summary>
public sealed class TableRow
{
    /// <summary>Creates a row.</summary>
    public TableRow(string partitionKey, string rowKey, IReadOnlyDictionary<string, object> properties, string? eTag = null)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        ArgumentNullException.ThrowIfNull(properties);
        PartitionKey = partitionKey;
        RowKey = rowKey;
        Properties = properties;
        ETag = eTag;
    }

    /// <summary>The partition key: rows of one partition can be written in one atomic batch.</summary>
    public string PartitionKey { get; }

    /// <summary>The row key, unique within the partition; queries return rows in its ordinal order.</summary>
    public string RowKey { get; }

    /// <summary>The row's properties by name.</summary>
    public IReadOnlyDictionary<string, object> Properties { get; }

    /// <summary>The version the store gave the row when it was last written; null for a row not yet stored.</summary>
    public string? ETag { get; }

    /// <summary>Reads a property of type <typeparamref name="T"/>, or the default when it is absent.</summary>
    public T? Get<T>(string name) => Properties.TryGetValue(name, out var value) && value is T typed ? typed : default;
}
