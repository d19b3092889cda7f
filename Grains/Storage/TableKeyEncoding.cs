using System.Buffers;
using System.Globalization;
using System.Text;

namespace Loom.Storage;

/// <summary>
/// Turns any string into a legal table key and back, losslessly: the characters Azure refuses, the
/// escape character itself and the separator used to join key parts become <c>%XX</c> or <c>%uXXXX</c>.
/// Unlike an escaping that maps several characters to one, no two inputs ever share a key.
/// </summary>
public static class TableKeyEncoding
{
    /// <summary>The character that joins encoded parts of one key; it never appears inside an encoded part.</summary>
    public const char Separator = '|';

    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create("/\\#?%|");

    /// <summary>Encodes a string as a key fragment that holds only characters keys may hold and never <see cref="Separator"/>.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.AsSpan().ContainsAny(NeedsEscape) && !value.Any(char.IsControl))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape.Contains(c) || char.IsControl(c))
            {
                builder.Append(c <= 0xFF ? $"%{(int)c:X2}" : $"%u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Encodes several strings into one key, so that each part can be recovered.</summary>
    public static string Join(params ReadOnlySpan<string> parts)
    {
        var encoded = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            encoded[i] = Encode(parts[i]);
        }

        return string.Join(Separator, encoded);
    }

    /// <summary>Recovers the strings <see cref="Join"/> encoded.</summary>
    public static string[] Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Split(Separator).Select(Decode).ToArray();
    }

    /// <summary>Recovers the string <see cref="Encode"/> encoded.</summary>
    /// <exception cref="FormatException">The key holds an escape that <see cref="Encode"/> never writes.</exception>
    public static string Decode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains('%', StringComparison.Ordinal))
        {
            return key;
        }

        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] != '%')
            {
                builder.Append(key[i]);
                continue;
            }

            var wide = i + 1 < key.Length && key[i + 1] == 'u';
            var start = wide ? i + 2 : i + 1;
            var digits = wide ? 4 : 2;
            if (start + digits > key.Length || !int.TryParse(key.AsSpan(start, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                throw new FormatException($"'{key}' holds an escape at position {i} that is not %XX or %uXXXX.");
            }

            builder.Append((char)code);
            i = start + digits - 1;
        }

        return builder.ToString();
    }
}
