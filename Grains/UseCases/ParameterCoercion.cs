using System.Reflection;
using System.Text.Json;

namespace Loom.UseCases;

/// <summary>Builds the converters that turn a caller's JSON values into primitive parameters.</summary>
internal static class ParameterCoercion
{
    private static readonly HashSet<Type> Primitives =
    [
        typeof(string), typeof(bool), typeof(byte), typeof(short), typeof(int), typeof(long), typeof(float),
        typeof(double), typeof(decimal), typeof(Guid), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly),
        typeof(TimeOnly), typeof(TimeSpan),
    ];

    /// <summary>A reader for the parameter, or null when its type is not a supported primitive.</summary>
    public static ParameterReader? TryCreate(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (!Primitives.Contains(underlying) && !underlying.IsEnum)
        {
            return null;
        }

        var typeInfo = LoomJson.Options.GetTypeInfo(type);
        var acceptsNull = !type.IsValueType
            ? new NullabilityInfoContext().Create(parameter).ReadState != NullabilityState.NotNull
            : underlying != type;
        if (type == typeof(string))
        {
            // Ids and keys are mostly strings: read them straight off the reader.
            return (ref Utf8JsonReader reader) => reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Null when acceptsNull => null,
                _ => throw new FormatException($"expected a string, got {reader.TokenType}"),
            };
        }

        return (ref Utf8JsonReader reader) =>
        {
            if (reader.TokenType == JsonTokenType.Null && !acceptsNull)
            {
                throw new FormatException("null is not allowed");
            }

            return JsonSerializer.Deserialize(ref reader, typeInfo);
        };
    }

    /// <summary>A readable name for a parameter type, such as <c>int?</c>.</summary>
    public static string Describe(Type type) =>
        Nullable.GetUnderlyingType(type) is { } underlying ? Describe(underlying) + "?" : type.Name;
}
