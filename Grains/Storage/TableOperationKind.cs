namespace Loom.Storage;

/// <summary>What a <see cref="TableOperation"/> does.</summary>
public enum TableOperationKind
{
    /// <summary>Adds a row; refused when it exists.</summary>
    Insert,

    /// <summary>Adds a row or overwrites it, whatever its ETag.</summary>
    Upsert,

    /// <summary>Overwrites a row whose ETag still matches.</summary>
    Replace,

    /// <summary>Removes a row whose ETag still matches.</summary>
    Delete,
}
