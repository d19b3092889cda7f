using Loom.Storage;

namespace Loom.Silo.Storage.Sqlite;

/// <summary>
/// One write as the writer loop applies it. Built on the caller's thread, so the row is encoded (and
/// copied away from the caller's objects) in parallel and the single writer loop only talks to SQLite.
/// </summary>
/// <param name="Kind">What the write does.</param>
/// <param name="PartitionKey">The row's partition key.</param>
/// <param name="RowKey">The row's key.</param>
/// <param name="Data">The encoded properties; null for a delete.</param>
/// <param name="AnyETag">Whether a replace or delete matches any version of the row.</param>
/// <param name="ExpectedETag">The version a replace or delete needs; null when the caller's ETag is not one this store gave, so nothing matches.</param>
internal readonly record struct SqliteWrite(TableOperationKind Kind, string PartitionKey, string RowKey, byte[]? Data, bool AnyETag, long? ExpectedETag)
{
    /// <summary>Encodes an operation that <see cref="TableRules"/> accepted.</summary>
    public static SqliteWrite From(TableOperation operation)
    {
        var data = operation.Row is { } row ? SqliteRowCodec.Encode(row.Properties) : null;
        var any = operation.ETag is null or TableOperation.AnyETag;
        long? expected = !any && SqliteETag.TryParse(operation.ETag!, out var version) ? version : null;
        return new(operation.Kind, operation.PartitionKey, operation.RowKey, data, any, expected);
    }
}
