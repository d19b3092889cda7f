namespace Loom.UseCases;

/// <summary>
/// A few executor lanes with different keys, handed out in turn. A client sends every call for one
/// grain id through one gateway, so calls to a single executor id would all run on one silo and all
/// fail with it; different ids are spread over the cluster's gateways and move to a live one when
/// theirs is lost. With a <see cref="GatewayLossSignal"/> (an <see cref="IClusterClient"/> set up with
/// <see cref="LoomClientBuilderExtensions.UseLoom"/>) the lanes learn their gateways at once, and fail
/// their calls in flight when their gateway is lost.
/// </summary>
internal sealed class UseCaseExecutorRing
{
    /// <summary>Enough ids for every gateway of a typical cluster to get several.</summary>
    public const int Size = 16;

    private readonly ExecutorLane[] _lanes;
    private uint _next;

    public UseCaseExecutorRing(IGrainFactory grains)
    {
        var signal = (grains as IClusterClient)?.ServiceProvider.GetService(typeof(GatewayLossSignal)) as GatewayLossSignal;
        _lanes = new ExecutorLane[Size];
        for (var key = 0; key < Size; key++)
        {
            _lanes[key] = new ExecutorLane(grains.GetGrain<IUseCaseExecutorGrain>(key), watched: signal is not null);
        }

        if (signal is not null)
        {
            signal.GatewayLost += () => Task.WhenAll(_lanes.Select(lane => lane.CheckAsync())).Ignore();
            Task.WhenAll(_lanes.Select(lane => lane.LearnAsync())).Ignore();
        }
    }

    /// <summary>The next lane in turn.</summary>
    public ExecutorLane Next() => _lanes[Interlocked.Increment(ref _next) % Size];
}
