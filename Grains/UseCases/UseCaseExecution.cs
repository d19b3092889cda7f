using System.Collections;
using System.Text.Json;

namespace Loom.UseCases;

/// <summary>
/// One execution of a plan: the caller's arguments, the values bound from them and the set of command
/// properties the payload set, which computes and rules receive. A rerun of the work (a retried
/// transaction) binds every value again before anything reads one. The set is this object itself and is
/// worked out from the payload only when first asked, so an execution allocates one object for both,
/// and use cases that never look pay nothing for it.
/// </summary>
internal sealed class UseCaseExecution(ExecutionPlan plan, UseCaseArguments arguments, bool logsSteps)
    : UseCaseContext(plan, logsSteps), IReadOnlySet<string>
{
    private HashSet<string>? _fields;

    public UseCaseArguments Arguments { get; } = arguments;

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
        if (Plan.Input is not { PropertyByJsonName: var propertyByJsonName })
        {
            return fields;
        }

        var reader = new Utf8JsonReader(Arguments.Payload.Span);
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
