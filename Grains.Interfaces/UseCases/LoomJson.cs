using System.Text.Json;
using System.Text.Json.Serialization;

namespace Loom.UseCases;

/// <summary>The JSON conventions of use-case parameters, commands and results.</summary>
public static class LoomJson
{
    /// <summary>
    /// Web conventions, plus: names match case-insensitively, numbers may arrive as strings, enums
    /// travel by name, a payload field the command does not declare is an error, and nullability
    /// and required members are enforced.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>A value as UTF-8 JSON in these conventions, as parameters and payloads travel; null stays null.</summary>
    public static byte[]? ToUtf8(object? value) =>
        value is null ? null : JsonSerializer.SerializeToUtf8Bytes(value, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
