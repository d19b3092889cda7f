using System.Buffers;
using System.Globalization;
using System.Text;

namespace Loom.Storage;

/// <summary>
/// Turns any well-formed string (no lone UTF-16 surrogate) into a legal table key and back, losslessly. The characters Azure refuses, the
/// ones some Azure APIs mishandle in keys (<c>%</c> and <c>'</c>), the escape character <c>~</c> and
/// the <see cref="Separator"/> become <c>~XX</c> (two upper-case hex digits). Unlike an escaping that
/// maps several characters to one, no two inputs ever share a key, and a composite key made with
/// <see cref="Join"/> splits back into its parts.
/// </summary>
public static class TableKeyEncoding
{
    /// <summary>The character that joins encoded parts of one key; it never appears inside an encoded part.</summary>
    public const char Separator = '|';

    // '~' rather than '%': it is unreserved in URLs, where Azure addresses rows by key, and Azure
    // documents point operations failing on keys that hold '%'.
    private const char Escape = '~';

    // Every character escaped is below U+0100 (Azure's control characters end at U+009F), so two hex digits suffice.
    private static readonly SearchValues<char> Reserved = SearchValues.Create("/\\#?%'|~");

    /// <summary>Encodes a string as a key fragment that holds only characters keys may hold and never <see cref="Separator"/>.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        var key = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                key.Append(Escape).Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                key.Append(c);
            }
        }

        return key.ToString();
    }

    /// <summary>Encodes several strings into one key, so that each part can be recovered with <see cref="Split"/>.</summary>
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
        if (!key.Contains(Escape, StringComparison.Ordinal))
        {
            return key;
        }

        var value = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] != Escape)
            {
                value.Append(key[i]);
                continue;
            }

            if (!TryReadEscape(key, i, out var escaped))
            {
                throw new FormatException($"'{key}' holds an escape at position {i} that no encoded key holds.");
            }

            value.Append(escaped);
            i += 2;
        }

        return value.ToString();
    }

    // Only the escapes Encode writes are accepted, so every key decodes from exactly one string.
    private static bool TryReadEscape(string key, int at, out char escaped)
    {
        escaped = default;
        if (at + 2 >= key.Length || !char.IsAsciiHexDigitUpper(key[at + 1]) || !char.IsAsciiHexDigitUpper(key[at + 2]))
        {
            return false;
        }

        escaped = (char)byte.Parse(key.AsSpan(at + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return NeedsEscape(escaped);
    }

    private static bool NeedsEscape(char c) => Reserved.Contains(c) || char.IsControl(c);
}
