namespace Loom.Errors;

/// <summary>Why a conditional table write was refused.</summary>
public enum TableConflictReason
{
    /// <summary>An insert found the row already there.</summary>
    AlreadyExists,

    /// <summary>A replace or delete found the row changed since the ETag it was given.</summary>
    ETagMismatch,

    /// <summary>A replace or delete found no row.</summary>
    NotFound,
}
