namespace Loom.Storage;

/// <summary>A page of a query's rows, in row-key order.</summary>
/// <param name="Rows">The rows of this page.</param>
/// <param name="ContinuationToken">The token that reads the next page; null when this is the last.</param>
public sealed record TablePage(IReadOnlyList<TableRow> Rows, string? ContinuationToken);
