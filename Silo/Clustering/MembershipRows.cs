using System.Globalization;
using Loom.Storage;
using Orleans.Runtime;

namespace Loom.Silo.Clustering;

/// <summary>
/// How a cluster's membership lies in a table: one partition per cluster id; in it a version row that
/// sorts before every member row, one row per silo address, and a closing copy of the version row that
/// sorts after them. Every write that moves the version writes both copies in its batch, so a read
/// that spans pages can tell whether a write landed between its first page and its last.
/// </summary>
internal static class MembershipRows
{
    /// <summary>The row that holds the table version; its ETag is the version's ETag.</summary>
    public const string VersionKey = "!version";

    /// <summary>The copy of the version written in the same batch; '~' sorts after every member key.</summary>
    public const string ClosingVersionKey = "~version";

    private const string MemberPrefix = "silo|";
    private const string VersionProperty = "Version";
    private const char VoteSeparator = ';';
    private const char VoteFieldSeparator = ' ';

    /// <summary>The partition of a cluster's rows.</summary>
    public static string PartitionKey(string clusterId) => TableKeyEncoding.Encode(clusterId);

    /// <summary>The key of a silo's row.</summary>
    public static string MemberKey(SiloAddress silo) => MemberPrefix + TableKeyEncoding.Encode(silo.ToParsableString());

    /// <summary>Whether a row is a silo's (rather than a version row).</summary>
    public static bool IsMember(TableRow row) => row.RowKey.StartsWith(MemberPrefix, StringComparison.Ordinal);

    /// <summary>One of the two version rows.</summary>
    public static TableRow Version(string partitionKey, string rowKey, int version) =>
        new(partitionKey, rowKey, new Dictionary<string, object> { [VersionProperty] = version });

    /// <summary>The version a version row holds.</summary>
    public static int VersionOf(TableRow row) => row.Get<int>(VersionProperty);

    /// <summary>The row that stores a membership entry.</summary>
    public static TableRow Member(string partitionKey, MembershipEntry entry)
    {
        var properties = new Dictionary<string, object>
        {
            ["Status"] = entry.Status.ToString(),
            ["ProxyPort"] = entry.ProxyPort,
            ["UpdateZone"] = entry.UpdateZone,
            ["FaultZone"] = entry.FaultZone,
            ["StartTime"] = TableTime.ToStored(entry.StartTime),
            ["IAmAliveTime"] = TableTime.ToStored(entry.IAmAliveTime),
        };
        AddIfPresent(properties, "HostName", entry.HostName);
        AddIfPresent(properties, "SiloName", entry.SiloName);
        AddIfPresent(properties, "RoleName", entry.RoleName);
        if (entry.SuspectTimes is { Count: > 0 } votes)
        {
            properties["SuspectTimes"] = string.Join(VoteSeparator, votes.Select(vote =>
                $"{vote.Item1.ToParsableString()}{VoteFieldSeparator}{TableTime.ToStored(vote.Item2).UtcTicks.ToString(CultureInfo.InvariantCulture)}"));
        }

        return new TableRow(partitionKey, MemberKey(entry.SiloAddress), properties);
    }

    /// <summary>The same row with only its I-am-alive time changed.</summary>
    public static TableRow WithIAmAliveTime(TableRow row, DateTime iAmAliveTime)
    {
        var properties = new Dictionary<string, object>(row.Properties, StringComparer.Ordinal) { ["IAmAliveTime"] = TableTime.ToStored(iAmAliveTime) };
        return new TableRow(row.PartitionKey, row.RowKey, properties);
    }

    /// <summary>The membership entry a member row stores.</summary>
    public static MembershipEntry Entry(TableRow row)
    {
        var entry = new MembershipEntry
        {
            SiloAddress = SiloAddress.FromParsableString(TableKeyEncoding.Decode(row.RowKey[MemberPrefix.Length..])),
            Status = Enum.Parse<SiloStatus>(row.Get<string>("Status")!),
            ProxyPort = row.Get<int>("ProxyPort"),
            UpdateZone = row.Get<int>("UpdateZone"),
            FaultZone = row.Get<int>("FaultZone"),
            StartTime = row.Get<DateTimeOffset>("StartTime").UtcDateTime,
            IAmAliveTime = row.Get<DateTimeOffset>("IAmAliveTime").UtcDateTime,
            HostName = row.Get<string>("HostName")!,
            SiloName = row.Get<string>("SiloName")!,
            RoleName = row.Get<string>("RoleName"),
        };
        if (row.Get<string>("SuspectTimes") is { } votes)
        {
            foreach (var vote in votes.Split(VoteSeparator))
            {
                var fields = vote.Split(VoteFieldSeparator);
                entry.AddSuspector(SiloAddress.FromParsableString(fields[0]), new DateTime(long.Parse(fields[1], CultureInfo.InvariantCulture), DateTimeKind.Utc));
            }
        }

        return entry;
    }

    /// <summary>
    /// The latest moment the entry is known to have changed: its start, its last I-am-alive and its
    /// latest suspicion vote (declaring a silo dead records a vote, so a silo declared dead long after
    /// its last I-am-alive still counts as recent).
    /// </summary>
    public static DateTime LastUpdated(MembershipEntry entry)
    {
        var latest = Max(TableTime.ToStored(entry.StartTime), TableTime.ToStored(entry.IAmAliveTime));
        foreach (var (_, voteTime) in entry.SuspectTimes ?? [])
        {
            latest = Max(latest, TableTime.ToStored(voteTime));
        }

        return latest.UtcDateTime;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static void AddIfPresent(Dictionary<string, object> properties, string name, string? value)
    {
        if (value is not null)
        {
            properties[name] = value;
        }
    }
}
