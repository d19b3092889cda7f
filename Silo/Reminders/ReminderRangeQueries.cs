using Loom.Storage;

namespace Loom.Silo.Reminders;

/// <summary>Turns a range of the grain hash ring into the few partition queries that cover it.</summary>
internal static class ReminderRangeQueries
{
    /// <summary>
    /// The queries that read the reminders whose grain hash lies in (<paramref name="begin"/>, <paramref name="end"/>]
    /// on the ring: one interval when begin &lt; end, otherwise the range wraps past the top of the ring and is
    /// the hashes above begin plus those up to end, which is the whole ring when begin equals end.
    /// </summary>
    public static IEnumerable<TableQuery> For(string serviceId, uint begin, uint end)
    {
        if (begin < end)
        {
            return Interval(serviceId, begin + 1, end);
        }

        var queries = Interval(serviceId, 0, end);
        return begin == uint.MaxValue ? queries : queries.Concat(Interval(serviceId, begin + 1, uint.MaxValue));
    }

    // One query per bucket the inclusive interval [first, last] touches; a bound that is the bucket's own edge is left open.
    private static IEnumerable<TableQuery> Interval(string serviceId, uint first, uint last)
    {
        for (var bucket = ReminderRows.Bucket(first); bucket <= ReminderRows.Bucket(last); bucket++)
        {
            var from = Math.Max(first, ReminderRows.FirstHash(bucket));
            var to = Math.Min(last, ReminderRows.LastHash(bucket));
            yield return new TableQuery(
                ReminderRows.PartitionKey(serviceId, bucket),
                from == ReminderRows.FirstHash(bucket) ? null : ReminderRows.HashBound(from),
                to == ReminderRows.LastHash(bucket) ? null : ReminderRows.HashBound(to + 1));
        }
    }
}
