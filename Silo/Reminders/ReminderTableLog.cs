using Loom.Errors;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Loom.Silo.Reminders;

/// <summary>The structured log lines of the table reminder provider.</summary>
internal static partial class ReminderTableLog
{
    [LoggerMessage(1, LogLevel.Debug, "[REMINDERS] removal of {GrainId} {ReminderName} refused: {Reason}")]
    public static partial void RemoveRefused(ILogger logger, GrainId grainId, string reminderName, TableConflictReason reason);
}
