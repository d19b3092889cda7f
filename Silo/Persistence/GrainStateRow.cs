using Loom.Errors;
using Loom.Storage;

namespace Loom.Silo.Persistence;

/// <summary>
/// How one grain's state is laid out in a row. The partition key joins service id and grain id, the
/// row key is the state name, each encoded reversibly, so no two grains or states share a row. The
/// serialized state is split into binary properties of at most 64 KiB, as many as a 1 MiB row holds.
/// </summary>
internal static class GrainStateRow
{
    private const string FormatProperty = "Format";
    private const int CurrentFormat = 1;

    public static string PartitionKey(string serviceId, GrainId grainId) => TableKeyEncoding.Join(serviceId, grainId.ToString());

    public static string RowKey(string stateName) => TableKeyEncoding.Encode(stateName);

    public static (string ServiceId, GrainId GrainId, string StateName) Parse(string partitionKey, string rowKey)
    {
        var parts = TableKeyEncoding.Split(partitionKey);
        return (parts[0], GrainId.Parse(parts[1]), TableKeyEncoding.Decode(rowKey));
    }

    /// <exception cref="TableLimitExceeded">The state does not fit in one row.</exception>
    public static TableRow Create(string table, string partitionKey, string rowKey, ReadOnlyMemory<byte> state)
    {
        // Refused before copying: a state far past the limit would otherwise be split in full first.
        if (state.Length > TableRules.MaxEntityBytes)
        {
            throw TooLarge(table, partitionKey, rowKey, state.Length);
        }

        var properties = new Dictionary<string, object>(StringComparer.Ordinal) { [FormatProperty] = CurrentFormat };
        BinaryProperties.Write(properties, state.Span);
        var row = new TableRow(partitionKey, rowKey, properties);
        return TableRules.EntitySize(row) <= TableRules.MaxEntityBytes ? row : throw TooLarge(table, partitionKey, rowKey, state.Length);
    }

    public static byte[] ReadState(TableRow row)
    {
        if (row.Get<int>(FormatProperty) != CurrentFormat)
        {
            throw new FormatException($"Grain state row ({row.PartitionKey}, {row.RowKey}) has format {row.Properties.GetValueOrDefault(FormatProperty) ?? "none"}; this silo reads format {CurrentFormat}.");
        }

        return BinaryProperties.Read(row);
    }

    private static TableLimitExceeded TooLarge(string table, string partitionKey, string rowKey, int stateBytes)
    {
        var (_, grainId, stateName) = Parse(partitionKey, rowKey);
        return new TableLimitExceeded(TableLimit.EntitySize, table, partitionKey, rowKey,
            $"state '{stateName}' of grain {grainId} serializes to {stateBytes:N0} bytes; one row holds a little under {TableRules.MaxEntityBytes:N0}");
    }
}
