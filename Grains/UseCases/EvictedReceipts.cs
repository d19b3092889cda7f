using Loom.Errors;
using Loom.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace Loom.UseCases;

/// <summary>
/// The idempotency receipts an anchor moved out of its state once it held
/// <see cref="ReceiptRecorder.MaxKept"/> of them: one row per receipt, in a partition per anchor, so
/// that an anchor's later calls find a receipt with one read and an eviction is one batch. Each batch's
/// expiry is noted in the <see cref="IdempotencyExpiries"/>, which the sweep deletes its rows by.
/// </summary>
public sealed class EvictedReceipts
{
    /// <summary>The table's name.</summary>
    public const string TableName = "LoomIdempotencyReceipts";

    private const string RecordedAtProperty = "RecordedAt";

    private readonly Lazy<Task<ITableStore>>? _table;
    private readonly Serializer<IdempotencyReceipt> _serializer;
    private readonly IdempotencyExpiries _expiries;
    private readonly IOptions<UseCaseOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EvictedReceipts> _logger;

    /// <summary>Keeps evicted receipts in the silo's table port, when it has one.</summary>
    public EvictedReceipts(
        IServiceProvider services,
        Serializer<IdempotencyReceipt> serializer,
        IdempotencyExpiries expiries,
        IOptions<UseCaseOptions> options,
        TimeProvider time,
        ILogger<EvictedReceipts> logger)
    {
        _logger = logger;
        _serializer = serializer;
        _expiries = expiries;
        _options = options;
        _time = time;
        if (services.GetService<ITableStoreFactory>() is { } tables)
        {
            _table = new(() => tables.OpenAsync(TableName).AsTask());
        }
    }

    /// <summary>Whether the silo has a table port to move receipts to; without one, anchors keep every live receipt in their state.</summary>
    public bool IsAvailable => _table is not null;

    /// <summary>The live receipt <paramref name="anchor"/> moved out under <paramref name="key"/>, or null.</summary>
    public async Task<IdempotencyReceipt?> FindAsync(string anchor, string key)
    {
        var table = await _table!.Value.ConfigureAwait(false);
        var row = await table.GetAsync(anchor, TableKeyEncoding.Encode(key)).ConfigureAwait(false);
        return row is not null && IsLive(row) ? _serializer.Deserialize(BinaryProperties.Read(row)) : null;
    }

    /// <summary>Stores <paramref name="receipts"/> of <paramref name="anchor"/> before its state lets them go, and notes when they expire.</summary>
    public async Task StoreAsync(string anchor, IReadOnlyList<IdempotencyReceipt> receipts)
    {
        var table = await _table!.Value.ConfigureAwait(false);
        var rows = new List<TableOperation>(receipts.Count);
        foreach (var receipt in receipts)
        {
            var properties = new Dictionary<string, object> { [RecordedAtProperty] = receipt.RecordedAt };
            BinaryProperties.Write(properties, _serializer.SerializeToArray(receipt));
            rows.Add(TableOperation.Upsert(new TableRow(anchor, TableKeyEncoding.Encode(receipt.Key), properties)));
        }

        await table.ExecuteBatchAsync(rows).ConfigureAwait(false);
        try
        {
            await _expiries.NoteAsync(anchor, rows.ConvertAll(row => row.RowKey), receipts.Max(receipt => receipt.RecordedAt)).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            // A note that fails costs only the rows' deletion, never the call.
            UseCaseExecutorLog.ExpiryNotNoted(_logger, error, anchor);
        }
    }

    /// <summary>Deletes one row once its retention has passed; a row recorded again since is kept for its own sweep.</summary>
    internal async Task DeleteIfExpiredAsync(string partition, string row, CancellationToken cancellationToken)
    {
        var table = await _table!.Value.ConfigureAwait(false);
        if (await table.GetAsync(partition, row, cancellationToken).ConfigureAwait(false) is { } stored && !IsLive(stored))
        {
            try
            {
                await table.DeleteAsync(partition, row, stored.ETag!, cancellationToken).ConfigureAwait(false);
            }
            catch (TableConflict)
            {
                // Stored again, or deleted by another silo's sweep, since it was read.
            }
        }
    }

    private bool IsLive(TableRow row) => _time.GetUtcNow() - row.Get<DateTimeOffset>(RecordedAtProperty) < _options.Value.IdempotencyRetention;
}
