using System.Globalization;

namespace Loom.Silo.Storage.Sqlite;

/// <summary>
/// ETags are one counter for the whole file, rendered as weak ETags (<c>W/"123"</c>) like Azure's, so
/// callers treat them as opaque strings whichever store gave them.
/// </summary>
internal static class SqliteETag
{
    private const string Prefix = "W/\"";

    /// <summary>Renders a version.</summary>
    public static string Format(long version) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{version}\"");

    /// <summary>Reads back a version this store rendered; false for any other string, which then matches no row.</summary>
    public static bool TryParse(string eTag, out long version)
    {
        version = 0;
        return eTag.StartsWith(Prefix, StringComparison.Ordinal)
            && eTag.EndsWith('"')
            && eTag.Length > Prefix.Length + 1
            && long.TryParse(eTag.AsSpan(Prefix.Length, eTag.Length - Prefix.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
