using System.Runtime.CompilerServices;

namespace Loom.Storage;

/// <summary>The everyday writes and a paged read, expressed over <see cref="ITableStore"/>'s four calls.</summary>
public static class TableStoreExtensions
{
    /// <summary>Adds a row and returns its ETag; a <see cref="Errors.TableConflict"/> when it exists.</summary>
    public static async ValueTask<string> InsertAsync(this ITableStore table, TableRow row, CancellationToken cancellationToken = default) =>
        (await table.ExecuteAsync(TableOperation.Insert(row), cancellationToken).ConfigureAwait(false))!;

    /// <summary>Adds or overwrites a row and returns its ETag.</summary>
    public static async ValueTask<string> UpsertAsync(this ITableStore table, TableRow row, CancellationToken cancellationToken = default) =>
        (await table.ExecuteAsync(TableOperation.Upsert(row), cancellationToken).ConfigureAwait(false))!;

    /// <summary>Overwrites a row whose stored ETag is <paramref name="eTag"/> and returns the new ETag.</summary>
    public static async ValueTask<string> ReplaceAsync(this ITableStore table, TableRow row, string eTag, CancellationToken cancellationToken = default) =>
        (await table.ExecuteAsync(TableOperation.Replace(row, eTag), cancellationToken).ConfigureAwait(false))!;

    /// <summary>Removes a row whose stored ETag is <paramref name="eTag"/> (<see cref="TableOperation.AnyETag"/> for any).</summary>
    public static async ValueTask DeleteAsync(this ITableStore table, string partitionKey, string rowKey, string eTag, CancellationToken cancellationToken = default) =>
        await table.ExecuteAsync(TableOperation.Delete(partitionKey, rowKey, eTag), cancellationToken).ConfigureAwait(false);

    /// <summary>Reads every row the query covers, page after page.</summary>
    public static async IAsyncEnumerable<TableRow> QueryAllAsync(this ITableStore table, TableQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var page = await table.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            foreach (var row in page.Rows)
            {
                yield return row;
            }

            if (page.ContinuationToken is null)
            {
                yield break;
            }

            page = await table.QueryAsync(query with { ContinuationToken = page.ContinuationToken }, cancellationToken).ConfigureAwait(false);
        }
    }
}
