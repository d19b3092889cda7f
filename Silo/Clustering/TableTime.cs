namespace Loom.Silo.Clustering;

/// <summary>How the membership and reminder tables store Orleans' <see cref="DateTime"/> values.</summary>
internal static class TableTime
{
    /// <summary>
    /// The instant as a UTC <see cref="DateTimeOffset"/>. Orleans writes UTC times but does not always
    /// mark them so; an unmarked time is taken as UTC instead of being shifted by the machine's offset.
    /// </summary>
    public static DateTimeOffset ToStored(DateTime time) =>
        new(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
