using Loom.Errors;
using Loom.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Loom.Silo.Persistence;

/// <summary>
/// Orleans grain storage on Loom's table port: one row per grain and state name, written with the
/// ETag the grain last read, so a write from a stale activation fails with
/// <see cref="InconsistentStateException"/> instead of overwriting a newer one.
/// </summary>
public sealed class TableGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string _name;
    private readonly TableGrainStorageOptions _options;
    private readonly string _serviceId;
    private readonly ITableStoreFactory _tables;
    private readonly IActivatorProvider _activators;
    private readonly ILogger<TableGrainStorage> _logger;
    private ITableStore? _table;

    /// <summary>Creates the provider; its table is opened when the silo starts.</summary>
    public TableGrainStorage(string name, TableGrainStorageOptions options, ClusterOptions cluster, ITableStoreFactory tables, IActivatorProvider activators, ILogger<TableGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cluster);
        _name = name;
        _options = options;
        _serviceId = cluster.ServiceId;
        _tables = tables;
        _activators = activators;
        _logger = logger;
    }

    private ITableStore Table => _table ?? throw new InvalidOperationException($"Grain storage '{_name}' is used before the silo opened its table.");

    /// <inheritdoc />
    public void Participate(ISiloLifecycle observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        observer.Subscribe(OptionFormattingUtilities.Name<TableGrainStorage>(_name), ServiceLifecycleStage.ApplicationServices, async cancellationToken =>
        {
            _table = await _tables.OpenAsync(_options.TableName, cancellationToken).ConfigureAwait(false);
            TableGrainStorageLog.Opened(_logger, _name, _options.TableName);
        });
    }

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var row = await Table.GetAsync(GrainStateRow.PartitionKey(_serviceId, grainId), GrainStateRow.RowKey(stateName)).ConfigureAwait(false);
        if (row is null)
        {
            Reset(grainState);
            return;
        }

        grainState.State = _options.GrainStorageSerializer.Deserialize<T>(GrainStateRow.ReadState(row)) ?? _activators.GetActivator<T>().Create();
        grainState.ETag = row.ETag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var state = _options.GrainStorageSerializer.Serialize(grainState.State);
        var row = GrainStateRow.Create(Table.Name, GrainStateRow.PartitionKey(_serviceId, grainId), GrainStateRow.RowKey(stateName), state.ToMemory());
        var write = grainState.ETag is { } eTag ? TableOperation.Replace(row, eTag) : TableOperation.Insert(row);
        try
        {
            grainState.ETag = await Table.ExecuteAsync(write).ConfigureAwait(false);
            grainState.RecordExists = true;
        }
        catch (TableConflict conflict)
        {
            throw Inconsistent(stateName, grainId, grainState.ETag, conflict);
        }
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var partitionKey = GrainStateRow.PartitionKey(_serviceId, grainId);
        var rowKey = GrainStateRow.RowKey(stateName);
        try
        {
            if (grainState.ETag is { } eTag)
            {
                await Table.DeleteAsync(partitionKey, rowKey, eTag).ConfigureAwait(false);
            }
            else if (await Table.GetAsync(partitionKey, rowKey).ConfigureAwait(false) is not null)
            {
                // The grain believes nothing is stored, yet something is: another activation wrote it.
                throw new TableConflict(TableConflictReason.AlreadyExists, Table.Name, partitionKey, rowKey);
            }
        }
        catch (TableConflict conflict)
        {
            throw Inconsistent(stateName, grainId, grainState.ETag, conflict);
        }

        Reset(grainState);
    }

    private void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = _activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private InconsistentStateException Inconsistent(string stateName, GrainId grainId, string? eTag, TableConflict conflict)
    {
        TableGrainStorageLog.Conflict(_logger, _name, stateName, grainId, eTag);
        return new InconsistentStateException($"State '{stateName}' of {grainId} changed in storage '{_name}' since this activation read it ({conflict.Reason}).", storedEtag: null, currentEtag: eTag, conflict);
    }
}
