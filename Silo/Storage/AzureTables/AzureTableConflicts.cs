using Azure;
using Loom.Errors;
using Loom.Storage;

namespace Loom.Silo.Storage.AzureTables;

/// <summary>Recognises the service's refusals of a conditional write, which the port reports as <see cref="TableConflict"/>.</summary>
internal static class AzureTableConflicts
{
    /// <summary>Why the service refused <paramref name="kind"/> with this status and error code; null for any other failure.</summary>
    public static TableConflictReason? Reason(TableOperationKind kind, int status, string? errorCode) => (kind, status) switch
    {
        (TableOperationKind.Insert, 409) when errorCode == "EntityAlreadyExists" => TableConflictReason.AlreadyExists,
        (TableOperationKind.Replace or TableOperationKind.Delete, 412) => TableConflictReason.ETagMismatch,

        // A missing table is a 404 too; only a missing row is the caller's conflict.
        (TableOperationKind.Replace or TableOperationKind.Delete, 404) when errorCode != "TableNotFound" => TableConflictReason.NotFound,
        _ => null,
    };

    /// <summary>Why the service refused <paramref name="kind"/> with <paramref name="error"/>; null for any other failure.</summary>
    public static TableConflictReason? Reason(TableOperationKind kind, RequestFailedException error) => Reason(kind, error.Status, error.ErrorCode);
}
