namespace Loom.UseCases;

/// <summary>
/// A few executor references with different keys, handed out in turn. A client sends every call for
/// one grain id through one gateway, so calls to a single executor id would all run on one silo and
/// all fail with it; different ids are spread over the cluster's gateways and move to a live one
/// when theirs is lost.
/// </summary>
internal sealed class UseCaseExecutorRing
{
    /// <summary>Enough ids for every gateway of a typical cluster to get several.</summary>
    public const int Size = 16;

    private readonly IUseCaseExecutorGrain[] _executors;
    private uint _next;

    public UseCaseExecutorRing(IGrainFactory grains)
    {
        _executors = new IUseCaseExecutorGrain[Size];
        for (var key = 0; key < Size; key++)
        {
            _executors[key] = grains.GetGrain<IUseCaseExecutorGrain>(key);
        }
    }

    /// <summary>The next executor in turn.</summary>
    public IUseCaseExecutorGrain Next() => _executors[Interlocked.Increment(ref _next) % Size];
}
