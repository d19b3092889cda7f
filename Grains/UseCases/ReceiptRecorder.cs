using Loom.Entities;
using Microsoft.Extensions.Options;
using Orleans.Transactions.Abstractions;

namespace Loom.UseCases;

/// <summary>
/// Records idempotency receipts in an anchor's transactional state, under the anchor's lock: a live
/// receipt already recorded under the key, kept in the state or moved out to the
/// <see cref="EvictedReceipts"/>, wins, and then nothing is written. An anchor keeps at most
/// <see cref="MaxKept"/> receipts: recording one more first moves the oldest half out, so that a
/// busy entity's state stays small and only its calls pay for a read of the moved ones.
/// </summary>
public sealed class ReceiptRecorder(EvictedReceipts evicted, IOptions<UseCaseOptions> options, TimeProvider time)
{
    /// <summary>The most receipts an anchor keeps in its state when there is a table to move older ones to.</summary>
    internal const int MaxKept = 16;

    /// <summary>
    /// Records <paramref name="receipt"/> on the anchor <paramref name="anchor"/> (its partition in the
    /// table of evicted receipts) together with <paramref name="write"/>, or returns the receipt recorded
    /// under its key before, without writing. A busy anchor's calls read the table before they wait for
    /// the lock, and trust that read when no eviction of <paramref name="memory"/>'s activation was under
    /// way or began since: every other eviction wrote its rows before this activation loaded its state.
    /// </summary>
    internal async Task<(IdempotencyReceipt? Recorded, TResult? Written)> RecordAsync<TEntity, TResult>(
        ITransactionalState<EntityState<TEntity>> state,
        AnchorMemory memory,
        string anchor,
        IdempotencyReceipt receipt,
        Func<EntityState<TEntity>, TResult> write)
        where TEntity : class
    {
        var now = time.GetUtcNow();
        var retention = options.Value.IdempotencyRetention;
        IdempotencyReceipt? recorded = null;
        var readFrom = -1L;
        if (memory.MayHaveMoved && evicted.IsAvailable)
        {
            readFrom = memory.EvictionsBegun == memory.EvictionsDone ? memory.EvictionsBegun : -1;
            recorded = await evicted.FindAsync(anchor, receipt.Key);
        }

        TResult? written = default;
        List<IdempotencyReceipt>? evicting = null;
        var mustRead = false;

        // Usually one pass: no receipt under the key, and room for one more.
        var finished = await state.PerformUpdate(s =>
        {
            var receipts = s.Receipts ??= new AnchoredReceipts();
            receipts.Kept.RemoveAll(kept => now - kept.RecordedAt >= retention);
            recorded ??= receipts.Kept.Find(kept => kept.Key == receipt.Key);
            var looksInTable = receipts.EvictedUpTo is { } upTo && now - upTo < retention;
            memory.MayHaveMoved = looksInTable;
            if (recorded is not null)
            {
                return true;
            }

            mustRead = looksInTable && (readFrom < 0 || readFrom != memory.EvictionsBegun);
            evicting = evicted.IsAvailable && receipts.Kept.Count >= MaxKept ? receipts.Kept.GetRange(0, MaxKept / 2) : null;
            if (mustRead || evicting is not null)
            {
                return false;
            }

            written = write(s);
            receipts.Kept.Add(receipt);
            return true;
        });

        if (finished)
        {
            return (recorded, written);
        }

        if (mustRead && await evicted.FindAsync(anchor, receipt.Key) is { } moved)
        {
            return (moved, default);
        }

        if (evicting is not null)
        {
            memory.EvictionsBegun++;
            try
            {
                await evicted.StoreAsync(anchor, evicting);
            }
            finally
            {
                memory.EvictionsDone++;
            }
        }

        written = await state.PerformUpdate(s =>
        {
            var receipts = s.Receipts!;
            if (evicting is not null)
            {
                receipts.Kept.RemoveRange(0, evicting.Count);
                var newest = evicting.Max(r => r.RecordedAt);
                receipts.EvictedUpTo = receipts.EvictedUpTo > newest ? receipts.EvictedUpTo : newest;
            }

            var result = write(s);
            receipts.Kept.Add(receipt);
            return result;
        });
        return (null, written);
    }
}
