using System.Text;
using System.Text.Json;

namespace Loom.UseCases;

/// <summary>Reads one parameter value from a JSON reader positioned on it; throws when it does not fit.</summary>
public delegate object? ParameterReader(ref Utf8JsonReader reader);

/// <summary>A primitive <c>Execute</c> parameter bound from the caller's values.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Slot">Its position among <c>Execute</c>'s arguments.</param>
/// <param name="Type">The declared type.</param>
/// <param name="Read">Converts the caller's JSON value to <paramref name="Type"/>.</param>
/// <param name="DefaultValue">Used when the caller omits it; <see cref="DBNull"/> when the parameter is required.</param>
public sealed record ParameterBinding(string Name, int Slot, Type Type, ParameterReader Read, object? DefaultValue)
{
    /// <summary>The name as UTF-8, to match JSON property names without decoding them.</summary>
    public byte[] Utf8Name { get; } = Encoding.UTF8.GetBytes(Name);

    /// <summary>Whether a caller must supply the parameter.</summary>
    public bool IsRequired => DefaultValue is DBNull;
}
