using System.Buffers.Binary;
using System.Text;

namespace Loom.Silo.Storage.Sqlite;

/// <summary>
/// The binary form of a row's properties in the <c>data</c> column. Version 1: a version byte, the
/// property count, then per property its UTF-8 name, a type tag and the value. Lengths and counts are
/// 7-bit variable-length integers; fixed-size values are little-endian. A version byte leads so a later
/// format can be read beside this one; a reader meeting a version it does not know refuses the row
/// rather than misreading it.
/// </summary>
internal static class SqliteRowCodec
{
    /// <summary>The format this code writes.</summary>
    public const byte Version = 1;

    // Strict, so a string holding an unpaired surrogate is refused instead of silently becoming U+FFFD.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private enum Tag : byte
    {
        String = 1,
        Bytes = 2,
        Boolean = 3,
        Int32 = 4,
        Int64 = 5,
        Double = 6,
        Guid = 7,
        DateTimeOffset = 8,
    }

    /// <summary>Encodes properties that <see cref="Loom.Storage.TableRules"/> accepted.</summary>
    /// <exception cref="ArgumentException">A string is not valid UTF-16, or a value is of a type tables do not store.</exception>
    public static byte[] Encode(IReadOnlyDictionary<string, object> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var size = 1 + VarIntSize(properties.Count);
        foreach (var (name, value) in properties)
        {
            size += TextSize(name, name) + 1 + ValueSize(name, value);
        }

        var buffer = new byte[size];
        var writer = new Writer(buffer);
        writer.Byte(Version);
        writer.VarInt(properties.Count);
        foreach (var (name, value) in properties)
        {
            writer.Text(name);
            switch (value)
            {
                case string text:
                    writer.Byte((byte)Tag.String);
                    writer.Text(text);
                    break;
                case byte[] bytes:
                    writer.Byte((byte)Tag.Bytes);
                    writer.VarInt(bytes.Length);
                    writer.Raw(bytes);
                    break;
                case bool flag:
                    writer.Byte((byte)Tag.Boolean);
                    writer.Byte(flag ? (byte)1 : (byte)0);
                    break;
                case int number:
                    writer.Byte((byte)Tag.Int32);
                    BinaryPrimitives.WriteInt32LittleEndian(writer.Take(sizeof(int)), number);
                    break;
                case long number:
                    writer.Byte((byte)Tag.Int64);
                    BinaryPrimitives.WriteInt64LittleEndian(writer.Take(sizeof(long)), number);
                    break;
                case double number:
                    writer.Byte((byte)Tag.Double);
                    BinaryPrimitives.WriteDoubleLittleEndian(writer.Take(sizeof(double)), number);
                    break;
                case Guid id:
                    writer.Byte((byte)Tag.Guid);
                    id.TryWriteBytes(writer.Take(16));
                    break;
                case DateTimeOffset instant:
                    // The instant only, as Azure keeps it: the offset comes back as UTC.
                    writer.Byte((byte)Tag.DateTimeOffset);
                    BinaryPrimitives.WriteInt64LittleEndian(writer.Take(sizeof(long)), instant.UtcTicks);
                    break;
            }
        }

        return buffer;
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The data is of an unknown version, or damaged.</exception>
    public static Dictionary<string, object> Decode(ReadOnlySpan<byte> data)
    {
        var reader = new Reader(data);
        var version = reader.Byte();
        if (version != Version)
        {
            throw new InvalidDataException($"A row's data is in format version {version}; this build reads version {Version} only.");
        }

        var count = reader.VarInt();
        var properties = new Dictionary<string, object>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.Text();
            var tag = (Tag)reader.Byte();
            properties[name] = tag switch
            {
                Tag.String => reader.Text(),
                Tag.Bytes => reader.Take(reader.VarInt()).ToArray(),
                Tag.Boolean => reader.Byte() != 0,
                Tag.Int32 => BinaryPrimitives.ReadInt32LittleEndian(reader.Take(sizeof(int))),
                Tag.Int64 => BinaryPrimitives.ReadInt64LittleEndian(reader.Take(sizeof(long))),
                Tag.Double => BinaryPrimitives.ReadDoubleLittleEndian(reader.Take(sizeof(double))),
                Tag.Guid => new Guid(reader.Take(16)),
                Tag.DateTimeOffset => new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(reader.Take(sizeof(long))), TimeSpan.Zero),
                _ => throw new InvalidDataException($"Property '{name}' of a row has the unknown type tag {(byte)tag}."),
            };
        }

        reader.End();
        return properties;
    }

    private static int ValueSize(string name, object value) => value switch
    {
        string text => TextSize(name, text),
        byte[] bytes => VarIntSize(bytes.Length) + bytes.Length,
        bool => 1,
        int => sizeof(int),
        long or double or DateTimeOffset => sizeof(long),
        Guid => 16,
        _ => throw new ArgumentException($"Property '{name}' is a {value?.GetType().Name ?? "null"}, which tables do not store.", nameof(value)),
    };

    private static int TextSize(string name, string text)
    {
        try
        {
            var bytes = Utf8.GetByteCount(text);
            return VarIntSize(bytes) + bytes;
        }
        catch (EncoderFallbackException error)
        {
            throw new ArgumentException($"Property '{name}' holds a string with an unpaired surrogate, which cannot be stored as UTF-8.", nameof(text), error);
        }
    }

    private static int VarIntSize(int value)
    {
        var size = 1;
        for (var rest = (uint)value >> 7; rest != 0; rest >>= 7)
        {
            size++;
        }

        return size;
    }

    private ref struct Writer(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        private int _at;

        public void Byte(byte value) => Take(1)[0] = value;

        public void Raw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

        public void VarInt(int value)
        {
            var rest = (uint)value;
            for (; rest >= 0x80; rest >>= 7)
            {
                Byte((byte)(rest | 0x80));
            }

            Byte((byte)rest);
        }

        public void Text(string text)
        {
            VarInt(Utf8.GetByteCount(text));
            _at += Utf8.GetBytes(text, _buffer[_at..]);
        }

        public Span<byte> Take(int length)
        {
            var span = _buffer.Slice(_at, length);
            _at += length;
            return span;
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public byte Byte() => Take(1)[0];

        public int VarInt()
        {
            var value = 0u;
            for (var shift = 0; shift < 35; shift += 7)
            {
                var next = Byte();
                value |= (uint)(next & 0x7F) << shift;
                if (next < 0x80)
                {
                    return value <= int.MaxValue ? (int)value : throw Damaged();
                }
            }

            throw Damaged();
        }

        public string Text() => Utf8.GetString(Take(VarInt()));

        public ReadOnlySpan<byte> Take(int length)
        {
            if (length > _data.Length - _at)
            {
                throw Damaged();
            }

            var span = _data.Slice(_at, length);
            _at += length;
            return span;
        }

        public readonly void End()
        {
            if (_at != _data.Length)
            {
                throw Damaged();
            }
        }

        private readonly InvalidDataException Damaged() => new($"A row's data is damaged near byte {_at} of {_data.Length}.");
    }
}
