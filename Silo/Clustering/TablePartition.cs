using Loom.Errors;
using Loom.Storage;

namespace Loom.Silo.Clustering;

/// <summary>Whole-partition chores that the membership and reminder tables share.</summary>
internal static class TablePartition
{
    /// <summary>Reads every row of the partition, in row-key order.</summary>
    public static async Task<List<TableRow>> ReadAllAsync(ITableStore table, string partitionKey, CancellationToken cancellationToken = default) =>
        await table.QueryAllAsync(new TableQuery(partitionKey), cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Deletes every row of the partition, whatever its ETag, in batches as large as the port allows.</summary>
    public static async Task DeleteAllAsync(ITableStore table, string partitionKey, CancellationToken cancellationToken = default)
    {
        while (await ReadAllAsync(table, partitionKey, cancellationToken).ConfigureAwait(false) is { Count: > 0 } rows)
        {
            try
            {
                foreach (var chunk in rows.Chunk(TableRules.MaxBatchOperations))
                {
                    await table.ExecuteBatchAsync(chunk.Select(row => TableOperation.Delete(partitionKey, row.RowKey, TableOperation.AnyETag)).ToList(), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (TableConflict conflict) when (conflict.Reason == TableConflictReason.NotFound)
            {
                // Another writer deleted some of these rows first; read what is left and go on.
            }
        }
    }
}
