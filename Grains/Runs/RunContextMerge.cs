using System.Text.Json;
using System.Text.Json.Nodes;

namespace Loom.Runs;

/// <summary>
/// Joins a state's changes to the run's context. A state starts from the context of its time and
/// changes its own copy; meanwhile states running alongside may have completed. Its changes (the
/// top-level keys it set, changed or removed) are applied to the context as it is now, so parallel
/// branches that write different keys all keep their work. When two write the same key, the one
/// that completes last wins.
/// </summary>
public static class RunContextMerge
{
    /// <summary>The context <paramref name="latest"/> with the changes that turned <paramref name="original"/> into <paramref name="changed"/>.</summary>
    public static byte[] Apply(ReadOnlySpan<byte> latest, ReadOnlySpan<byte> original, JsonObject changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (latest.SequenceEqual(original))
        {
            return JsonSerializer.SerializeToUtf8Bytes(changed);
        }

        var before = JsonNode.Parse(original)!.AsObject();
        var result = JsonNode.Parse(latest)!.AsObject();
        foreach (var (key, value) in changed)
        {
            if (!before.TryGetPropertyValue(key, out var old) || !JsonNode.DeepEquals(old, value))
            {
                result[key] = value?.DeepClone();
            }
        }

        foreach (var (key, _) in before)
        {
            if (!changed.ContainsKey(key))
            {
                result.Remove(key);
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(result);
    }
}
