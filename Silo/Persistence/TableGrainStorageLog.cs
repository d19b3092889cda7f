using Microsoft.Extensions.Logging;

namespace Loom.Silo.Persistence;

internal static partial class TableGrainStorageLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Grain storage '{Provider}' keeps state in table '{Table}'.")]
    public static partial void Opened(ILogger logger, string provider, string table);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Grain storage '{Provider}' refused a write of state '{StateName}' of {GrainId}: the stored ETag is not {ETag}.")]
    public static partial void Conflict(ILogger logger, string provider, string stateName, GrainId grainId, string? eTag);
}
