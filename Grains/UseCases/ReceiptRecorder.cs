using Loom.Entities;
using Loom.Storage;
using Microsoft.Extensions.Options;
using Orleans.Transactions.Abstractions;

namespace Loom.UseCases;

/// <summary>
/// Records idempotency receipts in an anchor's transactional state, under the anchor's lock: a live
/// receipt already recorded under the key, kept in the state or moved out to the
/// <see cref="EvictedReceipts"/>, wins, and then nothing is written. An anchor keeps about
/// <see cref="MaxKept"/> receipts: past that, all but its newest half is set aside as a batch, which the caller
/// writes to the table once its transaction has committed (a transaction may see receipts of one still
/// open, so only a committed one may copy them out) and then reports, and the anchor's next write lets
/// the batch go. A busy entity's state stays small, and only its calls pay for a read of the table.
/// </summary>
public sealed class ReceiptRecorder(EvictedReceipts evicted, IOptions<UseCaseOptions> options, TimeProvider time)
{
    /// <summary>How many receipts an anchor keeps in its state before it sets all but its newest half aside, when there is a table to move them to.</summary>
    internal const int MaxKept = 16;

    /// <summary>How long a batch handed to a caller to write waits before the next caller is handed it too.</summary>
    private static readonly TimeSpan HandOutAgain = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Records <paramref name="receipt"/> on the anchor <paramref name="anchor"/> (its partition in the
    /// table of evicted receipts) together with <paramref name="write"/>, or returns the receipt recorded
    /// under its key before, without writing. A busy anchor's calls read the table before they wait for
    /// the lock, and trust that read unless a batch reported written after it began was let go since:
    /// rows are written before their batch is reported written.
    /// </summary>
    internal async Task<(ReceiptRecording Recording, TResult? Written)> RecordAsync<TEntity, TResult>(
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
            readFrom = memory.Reports;
            recorded = await evicted.FindAsync(anchor, receipt.Key);
        }

        TResult? written = default;
        ReceiptBatch? toMove = null;
        var mustRead = false;

        // Usually one pass: no receipt under the key, and a table read that can be trusted, if one was needed.
        var finished = await state.PerformUpdate(s =>
        {
            var receipts = Tidy(s, memory, now, retention);
            recorded ??= Find(receipts, receipt.Key, now, retention);
            var looksInTable = MayBeInTable(receipts, now, retention);
            memory.MayHaveMoved = looksInTable;
            if (recorded is not null)
            {
                return true;
            }

            mustRead = looksInTable && (readFrom < 0 || memory.LetGoReport > readFrom);
            if (mustRead)
            {
                return false;
            }

            written = write(s);
            toMove = Add(receipts, memory, anchor, receipt, now);
            return true;
        });

        if (finished)
        {
            return (new ReceiptRecording(recorded, toMove), written);
        }

        if (await evicted.FindAsync(anchor, receipt.Key) is { } moved)
        {
            return (new ReceiptRecording(moved, null), default);
        }

        written = await state.PerformUpdate(s =>
        {
            var result = write(s);
            toMove = Add(s.Receipts!, memory, anchor, receipt, now);
            return result;
        });
        return (new ReceiptRecording(null, toMove), written);
    }

    /// <summary>The live receipt under <paramref name="key"/>, in the state or in the table.</summary>
    internal async Task<IdempotencyReceipt?> FindAsync<TEntity>(ITransactionalState<EntityState<TEntity>> state, string anchor, string key)
        where TEntity : class
    {
        var now = time.GetUtcNow();
        var retention = options.Value.IdempotencyRetention;
        var (found, looksInTable) = await state.PerformRead(s => s.Receipts is { } receipts
            ? (Find(receipts, key, now, retention), MayBeInTable(receipts, now, retention))
            : (null, false));
        return found ?? (looksInTable ? await evicted.FindAsync(anchor, key) : null);
    }

    /// <summary>Drops expired receipts, and lets the batch set aside go once its rows are reported written.</summary>
    private static AnchoredReceipts Tidy<TEntity>(EntityState<TEntity> state, AnchorMemory memory, DateTimeOffset now, TimeSpan retention)
        where TEntity : class
    {
        var receipts = state.Receipts ??= new AnchoredReceipts();
        receipts.Kept.RemoveAll(kept => now - kept.RecordedAt >= retention);
        if (receipts.Moving is { } batch && memory.Written is { } written && written.Id == batch.Id)
        {
            var newest = batch.Receipts.Max(r => r.RecordedAt);
            receipts.EvictedUpTo = receipts.EvictedUpTo > newest ? receipts.EvictedUpTo : newest;
            receipts.Moving = null;
            memory.LetGoReport = written.Report;
        }

        return receipts;
    }

    /// <summary>Whether receipts moved out to the table may still be live.</summary>
    private static bool MayBeInTable(AnchoredReceipts receipts, DateTimeOffset now, TimeSpan retention) =>
        receipts.EvictedUpTo is { } upTo && now - upTo < retention;

    private static IdempotencyReceipt? Find(AnchoredReceipts receipts, string key, DateTimeOffset now, TimeSpan retention)
    {
        var found = receipts.Kept.Find(kept => kept.Key == key);
        if (found is null && receipts.Moving is { } batch)
        {
            found = batch.Receipts.FirstOrDefault(moving => moving.Key == key);
        }

        return found is not null && now - found.RecordedAt < retention ? found : null;
    }

    /// <summary>
    /// Keeps the receipt; sets all but the newest half aside when there are too many (what calls added
    /// while the last batch moved goes too, so a busy anchor's state does not grow); returns the batch
    /// for the caller to write, if it is its turn.
    /// </summary>
    private ReceiptBatch? Add(AnchoredReceipts receipts, AnchorMemory memory, string anchor, IdempotencyReceipt receipt, DateTimeOffset now)
    {
        receipts.Kept.Add(receipt);
        if (receipts.Moving is null && evicted.IsAvailable && receipts.Kept.Count > MaxKept)
        {
            var count = Math.Min(receipts.Kept.Count - (MaxKept / 2), TableRules.MaxBatchOperations);
            receipts.Moving = new ReceiptBatch(Guid.NewGuid(), anchor, receipts.Kept.GetRange(0, count));
            receipts.Kept.RemoveRange(0, count);
        }

        if (receipts.Moving is not { } moving || (memory.HandedOut is { } handed && handed.Id == moving.Id && now - handed.At < HandOutAgain))
        {
            return null;
        }

        memory.HandedOut = (moving.Id, now);
        return moving;
    }
}
