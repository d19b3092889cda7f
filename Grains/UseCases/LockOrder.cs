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

    /// <summary>Insertion sort: lookups are few, and it allocates nothing.</summary>
    private static void Sort(ImmutableArray<LookupStep> steps, LookupKeys[] keys, bool forIndexReads)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            var current = keys[i];
            var position = i;
            while (position > 0 && (forIndexReads ? CompareIndexReads(steps, keys[position - 1], current) : CompareEntityReads(steps, keys[position - 1], current)) > 0)
            {
                keys[position] = keys[position - 1];
                position--;
            }

            keys[position] = current;
        }
    }

    private static int CompareIndexReads(ImmutableArray<LookupStep> steps, LookupKeys x, LookupKeys y)
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

    private static int CompareEntityReads(ImmutableArray<LookupStep> steps, LookupKeys x, LookupKeys y)
    {
        var (left, right) = (steps[x.Step], steps[y.Step]);
        var byPresence = IsEntityRead(left, x).CompareTo(IsEntityRead(right, y));
        if (byPresence != 0)
        {
            return -byPresence;
        }

        var byType = string.CompareOrdinal(left.Entity.FullName, right.Entity.FullName);
        return byType != 0 ? byType : string.CompareOrdinal(x.Id, y.Id);
    }

    /// <summary>Whether the lookup reads its entity: it has an id, and it is a load or an existence check by id.</summary>
    public static bool IsEntityRead(LookupStep step, LookupKeys key) => key.Id is not null && (step.IsById || !step.IsExists);
}
