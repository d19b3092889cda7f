using Loom.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Loom.Silo.Clustering;

/// <summary>
/// Tells Orleans clients which gateways a cluster has, read from the rows <see cref="TableMembershipTable"/>
/// keeps: every active silo that accepts clients (a non-zero proxy port).
/// </summary>
public sealed class TableGatewayListProvider : IGatewayListProvider
{
    private readonly ITableStoreFactory _tables;
    private readonly string _tableName;
    private readonly string _clusterId;
    private readonly ILogger _logger;
    private ITableStore? _table;

    /// <summary>Creates the provider for the cluster named in <paramref name="clusterOptions"/>.</summary>
    public TableGatewayListProvider(
        ITableStoreFactory tables,
        IOptions<TableClusteringOptions> options,
        IOptions<ClusterOptions> clusterOptions,
        IOptions<GatewayOptions> gatewayOptions,
        ILogger<TableGatewayListProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(gatewayOptions);
        _tables = tables;
        _tableName = options.Value.TableName;
        _clusterId = clusterOptions.Value.ClusterId;
        MaxStaleness = gatewayOptions.Value.GatewayListRefreshPeriod;
        _logger = logger;
    }

    /// <inheritdoc />
    public TimeSpan MaxStaleness { get; }

    /// <inheritdoc />
    [Obsolete("Orleans no longer reads it; every provider is taken to refresh.")]
    public bool IsUpdatable => true;

    /// <inheritdoc />
    public async Task InitializeGatewayListProvider() => _table = await _tables.OpenAsync(_tableName).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IList<Uri>> GetGateways()
    {
        var table = _table ?? throw new InvalidOperationException($"{nameof(InitializeGatewayListProvider)} has not been called.");
        var gateways = new List<Uri>();
        await foreach (var row in table.QueryAllAsync(new TableQuery(MembershipRows.PartitionKey(_clusterId))).ConfigureAwait(false))
        {
            if (!MembershipRows.IsMember(row))
            {
                continue;
            }

            var entry = MembershipRows.Entry(row);
            if (entry.Status == SiloStatus.Active && entry.ProxyPort != 0)
            {
                gateways.Add(SiloAddress.New(entry.SiloAddress.Endpoint.Address, entry.ProxyPort, entry.SiloAddress.Generation).ToGatewayUri());
            }
        }

        ClusteringLog.FoundGateways(_logger, _clusterId, gateways.Count);
        return gateways;
    }
}
