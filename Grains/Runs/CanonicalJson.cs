using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Loom.Errors;

namespace Loom.Runs;

/// <summary>
/// The one byte form of a JSON value that hashing needs: object keys sorted by ordinal, no
/// whitespace, integers as written (<c>-0</c> as <c>0</c>). Floats have no single textual form and
/// duplicate keys no single meaning, so both are refused; so is any non-null value under a key that
/// looks like a secret, because a manifest is stored for good and must never hold one.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] SecretMarkers = ["password", "passwd", "secret", "token", "apikey", "accesskey", "privatekey", "connectionstring", "credential"];

    /// <summary>Writes <paramref name="value"/> canonically, reporting faults with paths under <paramref name="path"/>.</summary>
    /// <exception cref="InvalidRunManifest">A float, a duplicate key, or a secret.</exception>
    public static void Write(Utf8JsonWriter writer, JsonElement value, string path)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(writer, value, path);
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Write(writer, item, $"{path}[{index++}]");
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                if (raw.AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
                {
                    throw new InvalidRunManifest(InvalidRunManifest.NotCanonical, path, $"{raw} is a float; floats have no canonical form, use an integer or a string");
                }

                writer.WriteRawValue(raw == "-0" ? "0" : raw, skipInputValidation: true);
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    /// <summary>The canonical UTF-8 bytes of a JSON text.</summary>
    /// <exception cref="InvalidRunManifest">The text is not JSON, or holds a float, a duplicate key or a secret.</exception>
    public static byte[] Canonicalize(string json, string path = "$")
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = Parse(json, path);
        var buffer = new ArrayBufferWriter<byte>(json.Length);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, document.RootElement, path);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses JSON text, refusing what is not JSON with the path it was meant for.</summary>
    /// <exception cref="InvalidRunManifest">The text is not JSON.</exception>
    public static JsonDocument Parse(string json, string path)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException error)
        {
            throw new InvalidRunManifest(InvalidRunManifest.NotCanonical, path, $"not JSON: {error.Message}");
        }
    }

    /// <summary>The lower-case hex SHA-256 of the bytes.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Whether a key names something secret: password, secret, token, API key, access key, connection string...</summary>
    public static bool LooksSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var letters = string.Concat(key.Where(char.IsLetterOrDigit)).ToLowerInvariant();
        return letters == "pwd" || SecretMarkers.Any(marker => letters.Contains(marker, StringComparison.Ordinal));
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonElement value, string path)
    {
        var properties = value.EnumerateObject().ToList();
        properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        writer.WriteStartObject();
        for (var i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            var propertyPath = $"{path}.{property.Name}";
            if (i > 0 && properties[i - 1].Name == property.Name)
            {
                throw new InvalidRunManifest(InvalidRunManifest.NotCanonical, propertyPath, "the key appears twice; JSON with duplicate keys has no single meaning");
            }

            if (property.Value.ValueKind != JsonValueKind.Null && LooksSecret(property.Name))
            {
                throw new InvalidRunManifest(InvalidRunManifest.SecretsDetected, propertyPath, "looks like a secret; manifests are stored for good, so pass a reference to the secret (a Key Vault name, a setting name) instead");
            }

            writer.WritePropertyName(property.Name);
            Write(writer, property.Value, propertyPath);
        }

        writer.WriteEndObject();
    }
}
