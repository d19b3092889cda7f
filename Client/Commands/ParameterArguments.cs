using System.Text.Json;
using System.Text.Json.Nodes;

namespace Loom.Client.Commands;

/// <summary>Turns <c>-p name=value</c> arguments into the JSON object of a use case's parameters.</summary>
internal static class ParameterArguments
{
    /// <summary>
    /// Builds the object; a value that parses as JSON (a number, true, an object) keeps its type,
    /// anything else is a string. Returns null when there are none.
    /// </summary>
    /// <exception cref="FormatException">An argument has no <c>=</c> or an empty name.</exception>
    public static string? ToJson(IReadOnlyList<string> arguments)
    {
        if (arguments.Count == 0)
        {
            return null;
        }

        var parameters = new JsonObject();
        foreach (var argument in arguments)
        {
            var separator = argument.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new FormatException($"parameter '{argument}' must look like name=value");
            }

            parameters[argument[..separator]] = Parse(argument[(separator + 1)..]);
        }

        return parameters.ToJsonString();
    }

    private static JsonNode? Parse(string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return JsonValue.Create(value);
        }
    }
}
