namespace Loom.UseCases;

/// <summary>
/// The canonical order in which a write use case takes its locks: unique-field indexes first, then
/// entities, each sorted by entity type, then field, then key, compared ordinally, so that every
/// execution on every silo agrees.
/// </summary>
internal static class LockOrder
{
    /// <summary>The lookups that go through a unique-field index, in lock order.</summary>
    public static int[] IndexReads(IReadOnlyList<LookupStep> lookups, LookupKeys[] keys) =>
        Sort(lookups, keys, byIndex: true);

    /// <summary>The lookups that read an entity (by id, or by the id an index returned), in lock order.</summary>
    public static int[] EntityReads(IReadOnlyList<LookupStep> lookups, LookupKeys[] keys) =>
        Sort(lookups, keys, byIndex: false);

    private static int[] Sort(IReadOnlyList<LookupStep> lookups, LookupKeys[] keys, bool byIndex)
    {
        var count = 0;
        var order = new int[lookups.Count];
        for (var i = 0; i < lookups.Count; i++)
        {
            var step = lookups[i];
            var included = byIndex ? !step.IsById : keys[i].Id is not null && (step.IsById || !step.IsExists);
            if (!included)
            {
                continue;
            }

            var position = count++;
            while (position > 0 && Compare(lookups, keys, byIndex, order[position - 1], i) > 0)
            {
                order[position] = order[position - 1];
                position--;
            }

            order[position] = i;
        }

        return count == order.Length ? order : order[..count];
    }

    private static int Compare(IReadOnlyList<LookupStep> lookups, LookupKeys[] keys, bool byIndex, int x, int y)
    {
        var byType = string.CompareOrdinal(lookups[x].Entity.FullName, lookups[y].Entity.FullName);
        if (byType != 0)
        {
            return byType;
        }

        if (byIndex)
        {
            var byField = string.CompareOrdinal(lookups[x].By, lookups[y].By);
            return byField != 0 ? byField : string.CompareOrdinal(keys[x].Value, keys[y].Value);
        }

        return string.CompareOrdinal(keys[x].Id, keys[y].Id);
    }
}
