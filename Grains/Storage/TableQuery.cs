namespace Loom.Storage;

/// <summary>
/// One page's worth of a partition: every row, or the rows whose keys fall in
/// [<see cref="RowKeyFrom"/>, <see cref="RowKeyTo"/>) in ordinal order.
/// </summary>
/// <param name="PartitionKey">The partition to read.</param>
/// <param name="RowKeyFrom">The smallest row key to return (inclusive); null for no lower bound.</param>
/// <param name="RowKeyTo">The row key to stop before (exclusive); null for no upper bound.</param>
public sealed record TableQuery(string PartitionKey, string? RowKeyFrom = null, string? RowKeyTo = null)
{
    /// <summary>The most rows a page may hold, as in Azure.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>How many rows a page holds at most (1 to 1,000).</summary>
    public int PageSize { get; init; } = MaxPageSize;

    /// <summary>Where to resume: the token of the previous page, or null for the first page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>A query of the rows whose keys start with <paramref name="prefix"/>.</summary>
    public static TableQuery WithPrefix(string partitionKey, string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return new(partitionKey, prefix.Length == 0 ? null : prefix, UpperBound(prefix));
    }

    /// <summary>Whether a row key falls in this query's range.</summary>
    public bool Covers(string rowKey) =>
        (RowKeyFrom is null || string.CompareOrdinal(rowKey, RowKeyFrom) >= 0)
        && (RowKeyTo is null || string.CompareOrdinal(rowKey, RowKeyTo) < 0);

    // The smallest string greater than every string starting with the prefix: bump its last
    // character that can still grow; a prefix of only U+FFFF has no bound.
    private static string? UpperBound(string prefix)
    {
        for (var i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] != char.MaxValue)
            {
                return string.Concat(prefix.AsSpan(0, i), [(char)(prefix[i] + 1)]);
            }
        }

        return null;
    }
}
