using Loom.Errors;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Loom.Silo.Clustering;

/// <summary>The structured log lines of the table membership provider.</summary>
internal static partial class ClusteringLog
{
    [LoggerMessage(1, LogLevel.Information, "[MEMBERSHIP] created the version row of cluster {ClusterId} in table {Table}")]
    public static partial void CreatedVersionRow(ILogger logger, string clusterId, string table);

    [LoggerMessage(2, LogLevel.Debug, "[MEMBERSHIP] write of {Silo} as {Status} at table version {TableVersion} refused ({Reason} on the {Row}); the membership protocol reads again and retries")]
    public static partial void WriteRefused(ILogger logger, SiloAddress silo, SiloStatus status, TableVersion tableVersion, TableConflictReason reason, string row);

    [LoggerMessage(3, LogLevel.Warning, "[MEMBERSHIP] I-am-alive of {Silo} not written: cluster {ClusterId} has no row for it")]
    public static partial void IAmAliveWithoutRow(ILogger logger, SiloAddress silo, string clusterId);

    [LoggerMessage(4, LogLevel.Debug, "[MEMBERSHIP] removed {Count} defunct silo rows of cluster {ClusterId} last updated before {BeforeDate:O}")]
    public static partial void RemovedDefunctSilos(ILogger logger, int count, string clusterId, DateTimeOffset beforeDate);

    [LoggerMessage(5, LogLevel.Debug, "[MEMBERSHIP] cluster {ClusterId} lists {Count} gateways")]
    public static partial void FoundGateways(ILogger logger, string clusterId, int count);
}
