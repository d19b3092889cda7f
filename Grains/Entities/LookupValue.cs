using System.Globalization;

namespace Loom.Entities;

/// <summary>Turns ids and lookup values into the invariant text that keys entities and indexes.</summary>
public static class LookupValue
{
    /// <summary>The invariant text of a value; empty for null.</summary>
    public static string Format(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
