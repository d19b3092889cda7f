using System.Text.Json;

namespace Loom.UseCases;

/// <summary>What a caller passes to a use case: parameter values and the command payload, as JSON.</summary>
/// <param name="Parameters">A JSON object of parameter values by name; undefined when there are none.</param>
/// <param name="Payload">The JSON object the command is built from; undefined when there is none.</param>
public readonly record struct UseCaseArguments(JsonElement Parameters = default, JsonElement Payload = default)
{
    /// <summary>Arguments from plain .NET values: an object or dictionary of parameters, and a command payload.</summary>
    public static UseCaseArguments From(object? parameters = null, object? payload = null) => new(
        parameters is null ? default : JsonSerializer.SerializeToElement(parameters, LoomJson.Options),
        payload is null ? default : JsonSerializer.SerializeToElement(payload, LoomJson.Options));
}
