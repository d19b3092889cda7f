using System.Globalization;
using Loom.Silo.Clustering;
using Loom.Storage;
using Orleans.Runtime;

namespace Loom.Silo.Reminders;

/// <summary>
/// How reminders lie in a table. The port queries one partition at a time, so a service's reminders
/// are spread over <see cref="BucketCount"/> partitions, each holding one contiguous slice of the grain
/// hash ring; the row key starts with the grain's hash as eight hex digits, so the reminders of a hash
/// range are a row-key range in each partition the range overlaps. Row keys are
/// <c>hash|grain id|reminder name</c>, the last two escaped, so they decode back to the reminder's key.
/// </summary>
internal static class ReminderRows
{
    /// <summary>How many partitions a service's reminders are spread over.</summary>
    public const int BucketCount = 16;

    // The top four bits of a hash pick its bucket: 2^4 = BucketCount.
    private const int BucketShift = 28;
    private const string StartAtProperty = "StartAt";
    private const string PeriodProperty = "PeriodTicks";

    /// <summary>The bucket of a grain hash.</summary>
    public static int Bucket(uint hash) => (int)(hash >> BucketShift);

    /// <summary>The smallest hash in a bucket.</summary>
    public static uint FirstHash(int bucket) => (uint)bucket << BucketShift;

    /// <summary>The largest hash in a bucket.</summary>
    public static uint LastHash(int bucket) => FirstHash(bucket) | ((1u << BucketShift) - 1);

    /// <summary>The partition of one bucket of a service's reminders.</summary>
    public static string PartitionKey(string serviceId, int bucket) =>
        string.Create(CultureInfo.InvariantCulture, $"{TableKeyEncoding.Encode(serviceId)}{TableKeyEncoding.Separator}{bucket:X1}");

    /// <summary>The partition a grain's reminders are in.</summary>
    public static string PartitionKey(string serviceId, GrainId grainId) => PartitionKey(serviceId, Bucket(grainId.GetUniformHashCode()));

    /// <summary>The row-key bound that orders before every reminder of grains with this hash or a larger one.</summary>
    public static string HashBound(uint hash) => hash.ToString("X8", CultureInfo.InvariantCulture);

    /// <summary>The row-key prefix that every reminder of the grain, and only of that grain, starts with.</summary>
    public static string GrainPrefix(GrainId grainId) =>
        $"{HashBound(grainId.GetUniformHashCode())}{TableKeyEncoding.Separator}{TableKeyEncoding.Encode(grainId.ToString())}{TableKeyEncoding.Separator}";

    /// <summary>The row key of a grain's reminder.</summary>
    public static string RowKey(GrainId grainId, string reminderName) => GrainPrefix(grainId) + TableKeyEncoding.Encode(reminderName);

    /// <summary>The row that stores a reminder.</summary>
    public static TableRow Row(string serviceId, ReminderEntry entry) => new(
        PartitionKey(serviceId, entry.GrainId),
        RowKey(entry.GrainId, entry.ReminderName),
        new Dictionary<string, object>
        {
            [StartAtProperty] = TableTime.ToStored(entry.StartAt),
            [PeriodProperty] = entry.Period.Ticks,
        });

    /// <summary>The reminder a row stores, its grain and name decoded from the row key.</summary>
    public static ReminderEntry Entry(TableRow row)
    {
        var parts = row.RowKey.Split(TableKeyEncoding.Separator);
        if (parts.Length != 3)
        {
            throw new FormatException($"'{row.RowKey}' is not a reminder row key (hash|grain|name).");
        }

        return new ReminderEntry
        {
            GrainId = GrainId.Parse(TableKeyEncoding.Decode(parts[1]), CultureInfo.InvariantCulture),
            ReminderName = TableKeyEncoding.Decode(parts[2]),
            StartAt = row.Get<DateTimeOffset>(StartAtProperty).UtcDateTime,
            Period = TimeSpan.FromTicks(row.Get<long>(PeriodProperty)),
            ETag = row.ETag,
        };
    }
}
