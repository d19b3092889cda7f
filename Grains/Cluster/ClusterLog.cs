using Microsoft.Extensions.Logging;

namespace Loom.Cluster;

internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Warning, Message = "Silo {Silo} was declared dead; moving the runs and jobs it held to the survivors.")]
    public static partial void SiloDead(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "{Handler} after the death of silo {Silo} failed (try {Attempt}); the regular sweeps remain the safety net.")]
    public static partial void HandlerFailed(ILogger logger, Exception error, string handler, SiloAddress silo, int attempt);
}
