using Loom.Errors;

namespace Loom.Storage;

/// <summary>
/// Azure Table Storage's limits, checked by every adapter before any I/O so that an embedded or
/// in-memory store refuses exactly what Azure would, with an error naming the limit and the row.
/// </summary>
public static class TableRules
{
    /// <summary>
    /// The longest key, in characters: Azure allows 1 KiB, and strings count two bytes a character
    /// (Azurite refuses the 513th character).
    /// </summary>
    public const int MaxKeyLength = 512;

    /// <summary>The largest property value, in bytes (strings count two bytes a character).</summary>
    public const int MaxPropertyBytes = 64 * 1024;

    /// <summary>The largest entity, in bytes, by Azure's size formula.</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>The most properties a row may have besides PartitionKey, RowKey and Timestamp.</summary>
    public const int MaxProperties = 252;

    /// <summary>The most bytes of rows one batch may carry as sent (Azure refuses a larger request body; binary travels as base64).</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;

    /// <summary>The most operations in one batch.</summary>
    public const int MaxBatchOperations = 100;

    /// <summary>The longest property name.</summary>
    public const int MaxPropertyNameLength = 255;

    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase) { "PartitionKey", "RowKey", "Timestamp", "ETag" };

    /// <summary>Refuses a table name Azure would refuse: 3 to 63 letters and digits, starting with a letter.</summary>
    public static void ValidateTableName(string tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        if (tableName.Length is < 3 or > 63 || !char.IsAsciiLetter(tableName[0]) || !tableName.All(char.IsAsciiLetterOrDigit))
        {
            throw new TableLimitExceeded(TableLimit.TableName, tableName, "", "", "a table name is 3 to 63 ASCII letters and digits and begins with a letter");
        }
    }

    /// <summary>Refuses keys Azure would refuse.</summary>
    public static void ValidateKeys(string table, string partitionKey, string rowKey)
    {
        ValidateKey(table, partitionKey, rowKey, partitionKey, "partition key");
        ValidateKey(table, partitionKey, rowKey, rowKey, "row key");
    }

    /// <summary>Refuses a query Azure would refuse.</summary>
    public static void ValidateQuery(string table, TableQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ValidateKey(table, query.PartitionKey, "", query.PartitionKey, "partition key");
        if (query.PageSize is < 1 or > TableQuery.MaxPageSize)
        {
            throw new TableLimitExceeded(TableLimit.PageSize, table, query.PartitionKey, "", $"page size {query.PageSize} is outside 1 to {TableQuery.MaxPageSize}");
        }
    }

    /// <summary>Refuses a single write Azure would refuse.</summary>
    public static void ValidateOperation(string table, TableOperation operation) => ValidateRow(table, operation);

    /// <summary>Refuses a batch Azure would refuse: its size, its partitions, a row written twice, and every operation's own limits.</summary>
    public static void ValidateBatch(string table, IReadOnlyList<TableOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count is 0 or > MaxBatchOperations)
        {
            var first = operations.Count == 0 ? null : operations[0];
            throw new TableLimitExceeded(TableLimit.BatchSize, table, first?.PartitionKey ?? "", "", $"a batch holds 1 to {MaxBatchOperations} operations; this one holds {operations.Count}");
        }

        var partition = operations[0].PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i];
            if (!string.Equals(operation.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new TableLimitExceeded(TableLimit.BatchPartition, table, operation.PartitionKey, operation.RowKey, $"operation {i} is in another partition than operation 0 ('{partition}')");
            }

            if (!rows.Add(operation.RowKey))
            {
                throw new TableLimitExceeded(TableLimit.BatchDuplicateRow, table, operation.PartitionKey, operation.RowKey, $"operation {i} writes a row an earlier operation of the batch writes");
            }

            bytes += ValidateRow(table, operation);
            if (bytes > MaxBatchBytes)
            {
                throw new TableLimitExceeded(TableLimit.BatchBytes, table, operation.PartitionKey, operation.RowKey, $"operations 0 to {i} carry {bytes} bytes of rows; a batch carries at most {MaxBatchBytes}");
            }
        }
    }

    /// <summary>A row's size by Azure's formula: 4 bytes, keys at two bytes a character, and each property's name and value.</summary>
    public static long EntitySize(TableRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        long size = 4 + ((row.PartitionKey.Length + row.RowKey.Length) * 2L);
        foreach (var (name, value) in row.Properties)
        {
            size += 8 + (name.Length * 2L) + ValueSize(value);
        }

        return size;
    }

    // Checks one write and returns the bytes its row takes in a batch request: the entity size, with
    // binary values grown to base64 (0 for a delete).
    private static long ValidateRow(string table, TableOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ValidateKeys(table, operation.PartitionKey, operation.RowKey);
        if (operation.Row is not { } row)
        {
            return 0;
        }

        var entitySize = ValidateProperties(table, row);
        return entitySize + row.Properties.Values.OfType<byte[]>().Sum(bytes => (((bytes.Length + 2) / 3 * 4) - (long)bytes.Length));
    }

    private static void ValidateKey(string table, string partitionKey, string rowKey, string key, string which)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length > MaxKeyLength)
        {
            throw new TableLimitExceeded(TableLimit.KeyLength, table, partitionKey, rowKey, $"the {which} is {key.Length} characters; the most is {MaxKeyLength}");
        }

        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new TableLimitExceeded(TableLimit.KeyCharacters, table, partitionKey, rowKey, $"the {which} holds U+{(int)c:X4}; keys may not hold / \\ # ? or control characters");
            }
        }

        // Stores keep keys as UTF-8, where a lone surrogate becomes U+FFFD: two keys would share a row.
        if (HasLoneSurrogate(key))
        {
            throw new TableLimitExceeded(TableLimit.KeyCharacters, table, partitionKey, rowKey, $"the {which} holds a lone UTF-16 surrogate, which no store keeps faithfully");
        }
    }

    private static bool HasLoneSurrogate(string text)
    {
        var span = text.AsSpan();
        if (span.IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return false;
        }

        for (var i = 0; i < span.Length; i++)
        {
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(span[i]))
            {
                return true;
            }
        }

        return false;
    }

    // Checks the row's properties and returns its entity size.
    private static long ValidateProperties(string table, TableRow row)
    {
        if (row.Properties.Count > MaxProperties)
        {
            throw new TableLimitExceeded(TableLimit.PropertyCount, table, row.PartitionKey, row.RowKey, $"the row has {row.Properties.Count} properties; the most is {MaxProperties} (255 with PartitionKey, RowKey and Timestamp)");
        }

        foreach (var (name, value) in row.Properties)
        {
            if (!IsPropertyName(name))
            {
                throw new TableLimitExceeded(TableLimit.PropertyName, table, row.PartitionKey, row.RowKey, $"'{name}' is not a property name: use 1 to {MaxPropertyNameLength} letters, digits and underscores, not starting with a digit, and not a system property name");
            }

            var size = value switch
            {
                null => throw new TableLimitExceeded(TableLimit.PropertyType, table, row.PartitionKey, row.RowKey, $"property '{name}' is null; leave it out instead"),
                string text => text.Length * 2L,
                byte[] bytes => bytes.Length,
                bool or int or long or double or Guid or DateTimeOffset => 0,
                _ => throw new TableLimitExceeded(TableLimit.PropertyType, table, row.PartitionKey, row.RowKey, $"property '{name}' is a {value.GetType().Name}; tables store string, byte[], bool, int, long, double, Guid and DateTimeOffset"),
            };
            if (size > MaxPropertyBytes)
            {
                throw new TableLimitExceeded(TableLimit.PropertySize, table, row.PartitionKey, row.RowKey, $"property '{name}' is {size} bytes; the most is {MaxPropertyBytes}");
            }
        }

        var entitySize = EntitySize(row);
        if (entitySize > MaxEntityBytes)
        {
            throw new TableLimitExceeded(TableLimit.EntitySize, table, row.PartitionKey, row.RowKey, $"the row is {entitySize} bytes; the most is {MaxEntityBytes}");
        }

        return entitySize;
    }

    private static bool IsPropertyName(string name) =>
        name.Length is > 0 and <= MaxPropertyNameLength
        && (char.IsLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsLetterOrDigit(c) || c == '_')
        && !ReservedNames.Contains(name);

    private static long ValueSize(object value) => value switch
    {
        string text => (text.Length * 2L) + 4,
        byte[] bytes => bytes.Length + 4L,
        bool => 1,
        int => 4,
        Guid => 16,
        _ => 8,
    };
}
