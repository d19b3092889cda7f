using Loom.Errors;
using Loom.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Loom.Silo.Clustering;

/// <summary>
/// Orleans' membership table on Loom's table port: one partition per cluster, a row per silo and a
/// version row. Every insert and update writes the silo's row and the version row in one atomic
/// batch conditioned on both ETags, which is the optimistic concurrency the membership protocol
/// relies on: a write made from a stale read is refused (returns false) and the protocol retries.
/// </summary>
public sealed class TableMembershipTable : IMembershipTable
{
    // A read that spans pages is retried when a write lands in between; this many tries, then it fails.
    private const int MaxSnapshotAttempts = 5;

    private readonly ITableStoreFactory _tables;
    private readonly string _tableName;
    private readonly string _clusterId;
    private readonly string _partitionKey;
    private readonly ILogger _logger;
    private ITableStore? _table;

    /// <summary>Creates the table for the cluster named in <paramref name="clusterOptions"/>.</summary>
    public TableMembershipTable(
        ITableStoreFactory tables,
        IOptions<TableClusteringOptions> options,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<TableMembershipTable> logger)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        _tables = tables;
        _tableName = options.Value.TableName;
        _clusterId = clusterOptions.Value.ClusterId;
        _partitionKey = MembershipRows.PartitionKey(_clusterId);
        _logger = logger;
    }

    private ITableStore Table => _table ?? throw new InvalidOperationException($"{nameof(InitializeMembershipTable)} has not been called.");

    /// <inheritdoc />
    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        _table = await _tables.OpenAsync(_tableName).ConfigureAwait(false);
        if (!tryInitTableVersion || await Table.GetAsync(_partitionKey, MembershipRows.VersionKey).ConfigureAwait(false) is not null)
        {
            return;
        }

        try
        {
            await Table.ExecuteBatchAsync(
            [
                TableOperation.Insert(MembershipRows.Version(_partitionKey, MembershipRows.VersionKey, 0)),
                TableOperation.Insert(MembershipRows.Version(_partitionKey, MembershipRows.ClosingVersionKey, 0)),
            ]).ConfigureAwait(false);
            ClusteringLog.CreatedVersionRow(_logger, _clusterId, _tableName);
        }
        catch (TableConflict conflict) when (conflict.Reason == TableConflictReason.AlreadyExists)
        {
            // Another silo created it between our read and our insert: it is there, which is all we need.
        }
    }

    /// <inheritdoc />
    public Task DeleteMembershipTableEntries(string clusterId) => TablePartition.DeleteAllAsync(Table, MembershipRows.PartitionKey(clusterId));

    /// <inheritdoc />
    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        var snapshot = await ReadSnapshotAsync().ConfigureAwait(false);
        var removed = 0;
        foreach (var (entry, eTag) in snapshot.Members)
        {
            if (entry.Status == SiloStatus.Active || MembershipRows.LastUpdated(entry) >= beforeDate.UtcDateTime)
            {
                continue;
            }

            try
            {
                await Table.DeleteAsync(_partitionKey, MembershipRows.MemberKey(entry.SiloAddress), eTag).ConfigureAwait(false);
                removed++;
            }
            catch (TableConflict)
            {
                // The row changed or went since it was read, so it is no longer the defunct entry we judged.
            }
        }

        ClusteringLog.RemovedDefunctSilos(_logger, removed, _clusterId, beforeDate);
    }

    /// <inheritdoc />
    public async Task<MembershipTableData> ReadRow(SiloAddress key)
    {
        // The whole partition is read so that the row and the version come from one consistent snapshot.
        var snapshot = await ReadSnapshotAsync().ConfigureAwait(false);
        return snapshot.TryGet(key) is { } member ? new MembershipTableData(member, snapshot.Version) : new MembershipTableData(snapshot.Version);
    }

    /// <inheritdoc />
    public Task<MembershipTableData> ReadAll() => ReadSnapshotAsync();

    /// <inheritdoc />
    public async Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        return await WriteWithVersionAsync(TableOperation.Insert(MembershipRows.Member(_partitionKey, entry)), entry, tableVersion).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(etag);
        ArgumentNullException.ThrowIfNull(tableVersion);
        return await WriteWithVersionAsync(TableOperation.Replace(MembershipRows.Member(_partitionKey, entry), etag), entry, tableVersion).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var key = MembershipRows.MemberKey(entry.SiloAddress);

        // The port has no merge, so this is read, change one property, replace on the ETag read;
        // a write that slipped in between (a suspicion vote) makes the replace fail, and we read again.
        while (true)
        {
            if (await Table.GetAsync(_partitionKey, key).ConfigureAwait(false) is not { } row)
            {
                ClusteringLog.IAmAliveWithoutRow(_logger, entry.SiloAddress, _clusterId);
                return;
            }

            try
            {
                await Table.ReplaceAsync(MembershipRows.WithIAmAliveTime(row, entry.IAmAliveTime), row.ETag!).ConfigureAwait(false);
                return;
            }
            catch (TableConflict)
            {
                // Changed or removed since the read: read again.
            }
        }
    }

    private async Task<bool> WriteWithVersionAsync(TableOperation member, MembershipEntry entry, TableVersion tableVersion)
    {
        try
        {
            await Table.ExecuteBatchAsync(
            [
                TableOperation.Replace(MembershipRows.Version(_partitionKey, MembershipRows.VersionKey, tableVersion.Version), tableVersion.VersionEtag),
                member,
                TableOperation.Upsert(MembershipRows.Version(_partitionKey, MembershipRows.ClosingVersionKey, tableVersion.Version)),
            ]).ConfigureAwait(false);
            return true;
        }
        catch (TableConflict conflict)
        {
            ClusteringLog.WriteRefused(_logger, entry.SiloAddress, entry.Status, tableVersion, conflict.Reason, conflict.OperationIndex == 0 ? "version row" : "silo row");
            return false;
        }
    }

    private async Task<MembershipTableData> ReadSnapshotAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var rows = await TablePartition.ReadAllAsync(Table, _partitionKey).ConfigureAwait(false);
            if (rows.Count == 0 || rows[0].RowKey != MembershipRows.VersionKey)
            {
                throw new InvalidOperationException($"Cluster '{_clusterId}' has no version row in table '{_tableName}': the membership table was not initialized.");
            }

            var version = rows[0];
            var closing = rows[^1];
            if (closing.RowKey == MembershipRows.ClosingVersionKey && MembershipRows.VersionOf(closing) == MembershipRows.VersionOf(version))
            {
                var members = rows.Where(MembershipRows.IsMember).Select(row => Tuple.Create(MembershipRows.Entry(row), row.ETag!)).ToList();
                return new MembershipTableData(members, new TableVersion(MembershipRows.VersionOf(version), version.ETag!));
            }

            if (attempt == MaxSnapshotAttempts)
            {
                throw new InvalidOperationException($"Cluster '{_clusterId}' in table '{_tableName}' kept changing while it was read; no consistent snapshot after {attempt} reads.");
            }
        }
    }
}
