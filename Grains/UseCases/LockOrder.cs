using System.Collections.Immutable;

namespace Loom.UseCases;

/// <summary>
/// The canonical order in which a write use case takes its locks: unique-field indexes first, then
/// entities, each sorted by entity type, then field, then key, compared ordinally, so that every
/// execution on every silo agrees.
/// </summary>
internal static class LockOrder
{
    /// <summary>Sorts the lookups in place for the index reads: index lookups first, by type, field and value.</summary>
    public static void SortForIndexReads(ImmutableArray<LookupStep> steps, LookupKeys[] keys) =>
        Sort(steps, keys, forIndexReads: true);

    /// <summary>Sorts the lookups in place for the entity reads: by type, then id; lookups without an id last.</summary>
    public static void SortForEntityReads(ImmutableArray<LookupStep> steps, LookupKeys[] keys) =>
        Sort(steps, keys, forIndexReads: false);

    /// <summary>
    /// Sorts lookups by id for their entity reads, by type, then id: <paramref name="order"/> holds
    /// positions of <paramref name="steps"/> and <paramref name="ids"/>, and only it moves.
    /// </summary>
    public static void SortForIdReads(ImmutableArray<LookupStep> steps, ReadOnlySpan<string> ids, Span<int> order)
    {
        for (var i = 1; i < order.Length; i++)
        {
            for (var position = i; position > 0 && CompareIdReads(steps, ids, order[position - 1], order[position]) > 0; position--)
            {
                (order[position - 1], order[position]) = (order[position], order[position - 1]);
            }
        }
    }

    /// <summary>Insertion sort: lookups are few, and it allocates nothing.</summary>
    private static void Sort(ImmutableArray<LookupStep> steps, LookupKeys[] keys, bool forIndexReads)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            for (var position = i; position > 0 && Compare(steps, in keys[position - 1], in keys[position], forIndexReads) > 0; position--)
            {
                (keys[position - 1], keys[position]) = (keys[position], keys[position - 1]);
            }
        }
    }

    private static int Compare(ImmutableArray<LookupStep> steps, in LookupKeys x, in LookupKeys y, bool forIndexReads) =>
        forIndexReads ? CompareIndexReads(steps, in x, in y) : CompareEntityReads(steps, in x, in y);

    private static int CompareIndexReads(ImmutableArray<LookupStep> steps, in LookupKeys x, in LookupKeys y)
    {
        var (left, right) = (steps[x.Step], steps[y.Step]);
        var byKind = left.IsById.CompareTo(right.IsById);
        if (byKind != 0)
        {
            return byKind;
        }

        var byType = string.CompareOrdinal(left.Entity.FullName, right.Entity.FullName);
        var byField = byType != 0 ? byType : string.CompareOrdinal(left.By, right.By);
        return byField != 0 ? byField : string.CompareOrdinal(x.Value, y.Value);
    }

    private static int CompareEntityReads(ImmutableArray<LookupStep> steps, in LookupKeys x, in LookupKeys y)
    {
        var (left, right) = (steps[x.Step], steps[y.Step]);
        var byPresence = IsEntityRead(left, in x).CompareTo(IsEntityRead(right, in y));
        if (byPresence != 0)
        {
            return -byPresence;
        }

        var byType = string.CompareOrdinal(left.Entity.FullName, right.Entity.FullName);
        return byType != 0 ? byType : string.CompareOrdinal(x.Id, y.Id);
    }

    private static int CompareIdReads(ImmutableArray<LookupStep> steps, ReadOnlySpan<string> ids, int x, int y)
    {
        var byType = string.CompareOrdinal(steps[x].Entity.FullName, steps[y].Entity.FullName);
        return byType != 0 ? byType : string.CompareOrdinal(ids[x], ids[y]);
    }

    /// <summary>Whether the lookup reads its entity: it has an id, and it is a load or an existence check by id.</summary>
    public static bool IsEntityRead(LookupStep step, in LookupKeys key) => key.Id is not null && (step.IsById || !step.IsExists);
}
