using Loom.Errors;
using Loom.Silo.Clustering;
using Loom.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Loom.Silo.Reminders;

/// <summary>
/// Orleans' reminder table on Loom's table port. A service's reminders are spread over a fixed set
/// of partitions by grain hash (see <see cref="ReminderRows"/>), so that the reminder service's
/// hash-range reads touch only the partitions that overlap the range, each by row-key range.
/// </summary>
public sealed class TableReminderTable : IReminderTable
{
    private readonly ITableStoreFactory _tables;
    private readonly string _tableName;
    private readonly string _serviceId;
    private readonly ILogger _logger;
    private ITableStore? _table;

    /// <summary>Creates the table for the service named in <paramref name="clusterOptions"/>.</summary>
    public TableReminderTable(
        ITableStoreFactory tables,
        IOptions<TableReminderOptions> options,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<TableReminderTable> logger)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        _tables = tables;
        _tableName = options.Value.TableName;
        _serviceId = clusterOptions.Value.ServiceId;
        _logger = logger;
    }

    private ITableStore Table => _table ?? throw new InvalidOperationException($"{nameof(StartAsync)} has not been called.");

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken = default) =>
        _table = await _tables.OpenAsync(_tableName, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    /// <inheritdoc />
    public async Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        var query = TableQuery.WithPrefix(ReminderRows.PartitionKey(_serviceId, grainId), ReminderRows.GrainPrefix(grainId));
        var rows = await Table.QueryAllAsync(query, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new ReminderTableData(rows.Select(ReminderRows.Entry));
    }

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <inheritdoc />
    public async Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var table = Table;
        var pages = await Task.WhenAll(ReminderRangeQueries.For(_serviceId, begin, end).Select(query =>
            table.QueryAllAsync(query, cancellationToken).ToListAsync(cancellationToken).AsTask())).ConfigureAwait(false);
        return new ReminderTableData(pages.SelectMany(rows => rows).Select(ReminderRows.Entry));
    }

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        var row = await Table.GetAsync(ReminderRows.PartitionKey(_serviceId, grainId), ReminderRows.RowKey(grainId, reminderName), cancellationToken).ConfigureAwait(false);
        return row is null ? null : ReminderRows.Entry(row);
    }

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    /// <inheritdoc />
    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return await Table.UpsertAsync(ReminderRows.Row(_serviceId, entry), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <inheritdoc />
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        ArgumentNullException.ThrowIfNull(eTag);
        try
        {
            await Table.DeleteAsync(ReminderRows.PartitionKey(_serviceId, grainId), ReminderRows.RowKey(grainId, reminderName), eTag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableConflict conflict)
        {
            ReminderTableLog.RemoveRefused(_logger, grainId, reminderName, conflict.Reason);
            return false;
        }
    }

    /// <inheritdoc />
    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    /// <inheritdoc />
    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        var table = Table;
        await Task.WhenAll(Enumerable.Range(0, ReminderRows.BucketCount).Select(bucket =>
            TablePartition.DeleteAllAsync(table, ReminderRows.PartitionKey(_serviceId, bucket), cancellationToken))).ConfigureAwait(false);
    }
}
