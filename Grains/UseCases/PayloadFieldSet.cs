using System.Collections;
using System.Collections.Frozen;
using System.Text.Json;

namespace Loom.UseCases;

/// <summary>
/// The command properties a payload set, worked out from the payload only when a compute or rule
/// first asks, so that use cases that never look pay nothing for it.
/// </summary>
internal sealed class PayloadFieldSet(ReadOnlyMemory<byte> payload, FrozenDictionary<string, string> propertyByJsonName) : IReadOnlySet<string>
{
    private HashSet<string>? _fields;

    private HashSet<string> Fields => _fields ??= Collect();

    public int Count => Fields.Count;

    public bool Contains(string item) => Fields.Contains(item);

    public bool IsProperSubsetOf(IEnumerable<string> other) => Fields.IsProperSubsetOf(other);

    public bool IsProperSupersetOf(IEnumerable<string> other) => Fields.IsProperSupersetOf(other);

    public bool IsSubsetOf(IEnumerable<string> other) => Fields.IsSubsetOf(other);

    public bool IsSupersetOf(IEnumerable<string> other) => Fields.IsSupersetOf(other);

    public bool Overlaps(IEnumerable<string> other) => Fields.Overlaps(other);

    public bool SetEquals(IEnumerable<string> other) => Fields.SetEquals(other);

    public IEnumerator<string> GetEnumerator() => Fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private HashSet<string> Collect()
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(payload.Span);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1
                && propertyByJsonName.TryGetValue(reader.GetString()!, out var name))
            {
                fields.Add(name);
            }
        }

        return fields;
    }
}
