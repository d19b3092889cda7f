namespace Loom.Storage;

/// <summary>
/// Lays bytes across numbered binary properties (<c>D0</c>, <c>D1</c>, ...) of at most
/// <see cref="TableRules.MaxPropertyBytes"/> each, the only way a row holds more than 64 KiB.
/// </summary>
public static class BinaryProperties
{
    private const string Prefix = "D";

    /// <summary>Adds the bytes to <paramref name="properties"/>; empty bytes add no property at all.</summary>
    public static void Write(Dictionary<string, object> properties, ReadOnlySpan<byte> bytes)
    {
        for (var part = 0; part * TableRules.MaxPropertyBytes < bytes.Length; part++)
        {
            var start = part * TableRules.MaxPropertyBytes;
            properties.Add(Name(part), bytes.Slice(start, Math.Min(TableRules.MaxPropertyBytes, bytes.Length - start)).ToArray());
        }
    }

    /// <summary>The total length of the row's parts, or null when a part is missing or is not binary.</summary>
    public static long? Length(TableRow row)
    {
        long length = 0;
        for (var part = 0; row.Properties.TryGetValue(Name(part), out var value); part++)
        {
            if (value is not byte[] bytes)
            {
                return null;
            }

            length += bytes.Length;
        }

        return length;
    }

    /// <summary>Copies the row's parts, in order, into <paramref name="destination"/> and returns how many bytes were copied.</summary>
    public static int CopyTo(TableRow row, Span<byte> destination)
    {
        var written = 0;
        for (var part = 0; row.Properties.TryGetValue(Name(part), out var value) && value is byte[] bytes; part++)
        {
            bytes.CopyTo(destination[written..]);
            written += bytes.Length;
        }

        return written;
    }

    /// <summary>The row's parts joined.</summary>
    /// <exception cref="InvalidDataException">A part is not binary.</exception>
    public static byte[] Read(TableRow row)
    {
        var length = Length(row) ?? throw new InvalidDataException($"Row ('{row.PartitionKey}', '{row.RowKey}') holds a data part that is not binary.");
        var bytes = new byte[length];
        CopyTo(row, bytes);
        return bytes;
    }

    private static string Name(int part) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Prefix}{part}");
}
