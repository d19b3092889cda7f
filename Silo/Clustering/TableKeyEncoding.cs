using System.Globalization;
using System.Text;

namespace Loom.Silo.Clustering;

/// <summary>
/// Turns any text (cluster ids, silo addresses, grain ids, reminder names) into a legal table key
/// and back. Orleans' own Azure provider replaces the characters Azure refuses with '_', so
/// <c>a/b</c> and <c>a_b</c> land on the same row; here every character Azure refuses, the escape
/// character and the separator become <c>~XX</c> (two hex digits), which is reversible, and the
/// separator never appears inside an escaped part, so composite keys split back unambiguously.
/// </summary>
internal static class TableKeyEncoding
{
    /// <summary>Joins the parts of a composite key.</summary>
    public const char Separator = '|';

    // '~' rather than '%' because it is unreserved in URLs, where Azure Tables address rows by key.
    private const char EscapeCharacter = '~';

    /// <summary>The key that stands for <paramref name="value"/>.</summary>
    public static string Escape(string value)
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
                key.Append(EscapeCharacter).Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                key.Append(c);
            }
        }

        return key.ToString();
    }

    /// <summary>The text that <see cref="Escape"/> turned into <paramref name="key"/>.</summary>
    /// <exception cref="FormatException">The key holds an escape that <see cref="Escape"/> does not write.</exception>
    public static string Unescape(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains(EscapeCharacter, StringComparison.Ordinal))
        {
            return key;
        }

        var value = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] != EscapeCharacter)
            {
                value.Append(key[i]);
                continue;
            }

            if (!TryReadEscape(key, i, out var escaped))
            {
                throw new FormatException($"'{key}' holds an escape at {i} that no escaped key holds.");
            }

            value.Append(escaped);
            i += 2;
        }

        return value.ToString();
    }

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

    // Every character this escapes is below U+0100 (Azure's control characters end at U+009F), so two hex digits suffice.
    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or Separator or EscapeCharacter || char.IsControl(c);
}
