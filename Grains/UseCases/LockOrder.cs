namespace Loom.UseCases;

/// <summary>
/// The canonical order in which a write use case takes its locks: by entity type, then field, then
/// key, compared ordinally, so that every execution on every silo agrees.
/// </summary>
internal static class LockOrder
{
    /// <summary>
    /// The positions of the lookups that <paramref name="include"/> selects and that have a key, sorted
    /// by entity type, then (for index reads) field, then key.
    /// </summary>
    public static int[] Sort(IReadOnlyList<LookupStep> lookups, string?[] keys, Func<LookupStep, bool> include, bool byField)
    {
        var count = 0;
        var order = new int[lookups.Count];
        for (var i = 0; i < lookups.Count; i++)
        {
            if (keys[i] is not null && include(lookups[i]))
            {
                var position = count++;
                while (position > 0 && Compare(lookups, keys, byField, order[position - 1], i) > 0)
                {
                    order[position] = order[position - 1];
                    position--;
                }

                order[position] = i;
            }
        }

        return count == order.Length ? order : order[..count];
    }

    private static int Compare(IReadOnlyList<LookupStep> lookups, string?[] keys, bool byField, int x, int y)
    {
        var byType = string.CompareOrdinal(lookups[x].Entity.Type.FullName, lookups[y].Entity.Type.FullName);
        if (byType != 0)
        {
            return byType;
        }

        var byName = byField ? string.CompareOrdinal(lookups[x].By, lookups[y].By) : 0;
        return byName != 0 ? byName : string.CompareOrdinal(keys[x], keys[y]);
    }
}
