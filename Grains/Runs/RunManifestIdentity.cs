using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Loom.Errors;

namespace Loom.Runs;

/// <summary>
/// A manifest's canonical JSON and its id, the SHA-256 of that JSON. Durations are whole
/// milliseconds and enums lower-case words, so the form never depends on .NET's formatting.
/// </summary>
public static class RunManifestIdentity
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The manifest's canonical UTF-8 JSON.</summary>
    /// <exception cref="InvalidRunManifest">The config cannot work, or the inputs are not canonical JSON or hold a secret.</exception>
    public static byte[] CanonicalBytes(RunManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        Validate(manifest.Config);
        using var inputs = CanonicalJson.Parse(manifest.InputsJson, "$.inputs");
        var buffer = new ArrayBufferWriter<byte>(256 + manifest.InputsJson.Length);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            // Keys in ordinal order, as the canonical form of any object.
            writer.WriteStartObject();
            writer.WriteStartObject("config");
            writer.WriteNumber("maxConcurrency", manifest.Config.MaxConcurrency);
            writer.WriteString("mode", manifest.Config.Mode == ExecutionMode.Sequential ? "sequential" : "fan_out_join");
            writer.WriteStartObject("retry");
            writer.WriteString("backoff", manifest.Config.Retry.Backoff == BackoffKind.Fixed ? "fixed" : "exponential");
            writer.WriteNumber("baseDelayMs", (long)manifest.Config.Retry.BaseDelay.TotalMilliseconds);
            writer.WriteNumber("maxAttempts", manifest.Config.Retry.MaxAttempts);
            writer.WriteNumber("maxDelayMs", (long)manifest.Config.Retry.MaxDelay.TotalMilliseconds);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WritePropertyName("inputs");
            CanonicalJson.Write(writer, inputs.RootElement, "$.inputs");
            writer.WriteString("operationId", manifest.OperationId);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The manifest's id: the lower-case hex SHA-256 of its canonical JSON.</summary>
    /// <exception cref="InvalidRunManifest">As <see cref="CanonicalBytes"/>.</exception>
    public static string IdOf(RunManifest manifest) => CanonicalJson.Sha256(CanonicalBytes(manifest));

    /// <summary>The request that starts a run from <paramref name="manifest"/>: its id, operation and config, taken from it.</summary>
    /// <exception cref="InvalidRunManifest">As <see cref="IdOf"/>.</exception>
    public static StartRunRequest StartRequest(RunManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new StartRunRequest(IdOf(manifest), manifest.OperationId, manifest.Config, manifest);
    }

    /// <summary>
    /// Checks a start request against its manifest and returns the manifest's canonical bytes, to be
    /// stored under the (now verified) id.
    /// </summary>
    /// <exception cref="InvalidRunManifest">The manifest is refused, or the request disagrees with it.</exception>
    public static byte[] Verify(StartRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bytes = CanonicalBytes(request.Manifest);
        var id = CanonicalJson.Sha256(bytes);
        if (!string.Equals(id, request.ManifestId, StringComparison.Ordinal))
        {
            throw new InvalidRunManifest(InvalidRunManifest.ManifestIdMismatch, "manifestId", $"'{request.ManifestId}' is not the manifest's hash; its canonical JSON hashes to '{id}'");
        }

        if (!string.Equals(request.OperationId, request.Manifest.OperationId, StringComparison.Ordinal))
        {
            throw new InvalidRunManifest(InvalidRunManifest.OperationMismatch, "operationId", $"the request runs '{request.OperationId}' but the manifest names '{request.Manifest.OperationId}'");
        }

        if (request.Config != request.Manifest.Config)
        {
            throw new InvalidRunManifest(InvalidRunManifest.RunConfigMismatch, "config", $"the request's run config {request.Config} differs from the manifest's {request.Manifest.Config}");
        }

        return bytes;
    }

    /// <summary>Reads a manifest back from its canonical JSON, as stored under its id.</summary>
    /// <exception cref="InvalidRunManifest">The bytes are not a manifest's canonical JSON.</exception>
    public static RunManifest Read(ReadOnlySpan<byte> canonical)
    {
        try
        {
            var root = JsonDocument.Parse(canonical.ToArray()).RootElement;
            var config = root.GetProperty("config");
            var retry = config.GetProperty("retry");
            return new RunManifest(
                root.GetProperty("operationId").GetString()!,
                new RunConfig(
                    config.GetProperty("mode").GetString() == "sequential" ? ExecutionMode.Sequential : ExecutionMode.FanOutJoin,
                    new RetryPolicy(
                        retry.GetProperty("maxAttempts").GetInt32(),
                        retry.GetProperty("backoff").GetString() == "fixed" ? BackoffKind.Fixed : BackoffKind.Exponential,
                        TimeSpan.FromMilliseconds(retry.GetProperty("baseDelayMs").GetInt64()),
                        TimeSpan.FromMilliseconds(retry.GetProperty("maxDelayMs").GetInt64())),
                    config.GetProperty("maxConcurrency").GetInt32()),
                root.GetProperty("inputs").GetRawText());
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidRunManifest(InvalidRunManifest.NotCanonical, "$", $"the stored manifest does not read as one: {error.Message}");
        }
    }

    private static void Validate(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var retry = config.Retry ?? throw new InvalidRunManifest(InvalidRunManifest.InvalidRunConfig, "$.config.retry", "a retry policy is required");
        string? fault = null;
        string? field = null;
        if (!Enum.IsDefined(config.Mode))
        {
            (field, fault) = ("mode", $"{(int)config.Mode} is not an execution mode");
        }
        else if (config.MaxConcurrency < 1)
        {
            (field, fault) = ("maxConcurrency", $"{config.MaxConcurrency} lets no state run; use 1 or more");
        }
        else if (retry.MaxAttempts < 1)
        {
            (field, fault) = ("retry.maxAttempts", $"{retry.MaxAttempts} allows no attempt; use 1 or more");
        }
        else if (!Enum.IsDefined(retry.Backoff))
        {
            (field, fault) = ("retry.backoff", $"{(int)retry.Backoff} is not a backoff");
        }
        else if (!IsWholeMilliseconds(retry.BaseDelay) || !IsWholeMilliseconds(retry.MaxDelay))
        {
            (field, fault) = ("retry", $"delays must be whole, non-negative milliseconds (base {retry.BaseDelay}, max {retry.MaxDelay})");
        }
        else if (retry.BaseDelay > RetryPolicy.LongestDelay || retry.MaxDelay > RetryPolicy.LongestDelay)
        {
            (field, fault) = ("retry", $"delays may be at most {RetryPolicy.LongestDelay} (base {retry.BaseDelay}, max {retry.MaxDelay})");
        }
        else if (retry.Backoff == BackoffKind.Exponential && retry.BaseDelay > retry.MaxDelay)
        {
            (field, fault) = ("retry.baseDelayMs", $"the base delay {retry.BaseDelay} is above the cap {retry.MaxDelay}");
        }

        if (fault is not null)
        {
            throw new InvalidRunManifest(InvalidRunManifest.InvalidRunConfig, $"$.config.{field}", fault);
        }
    }

    private static bool IsWholeMilliseconds(TimeSpan delay) => delay >= TimeSpan.Zero && delay.Ticks % TimeSpan.TicksPerMillisecond == 0;
}
