using System.Text.Json;

namespace Loom.UseCases;

/// <summary>A primitive <c>Execute</c> parameter bound from the caller's values.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Slot">Its position among <c>Execute</c>'s arguments.</param>
/// <param name="Type">The declared type.</param>
/// <param name="Coerce">Converts a JSON value to <paramref name="Type"/>; throws on a value that does not fit.</param>
/// <param name="DefaultValue">Used when the caller omits it; <see cref="DBNull"/> when the parameter is required.</param>
public sealed record ParameterBinding(string Name, int Slot, Type Type, Func<JsonElement, object?> Coerce, object? DefaultValue)
{
    /// <summary>Whether a caller must supply the parameter.</summary>
    public bool IsRequired => DefaultValue is DBNull;
}
