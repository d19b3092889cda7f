namespace Loom.UseCases;

/// <summary>
/// One executor id of a client's <see cref="UseCaseExecutorRing"/>, and the calls in flight on it.
/// The client routes every call for one grain id through one gateway, and a stateless executor runs
/// on the silo that received the call, so the silo an executor answers from is the lane's gateway.
/// When the client loses a gateway, each lane asks its executor again: a lane that now answers from
/// another silo, or not at all, has lost its gateway, and its calls in flight can never be answered.
/// </summary>
internal sealed class ExecutorLane(IUseCaseExecutorGrain executor)
{
    /// <summary>How long a lane's question may take before the lane counts as lost.</summary>
    private static readonly TimeSpan LocateTimeout = TimeSpan.FromSeconds(5);

    private CancellationTokenSource _lost = new();
    private SiloAddress? _gateway;
    private int _learning;

    public IUseCaseExecutorGrain Executor { get; } = executor;

    /// <summary>Runs a call on this lane, which fails at once if the lane's gateway is lost before it answers.</summary>
    public async Task<byte[]> ExecuteAsync(UseCaseRequest request)
    {
        if (_gateway is null && Interlocked.Exchange(ref _learning, 1) == 0)
        {
            LearnGatewayAsync().Ignore();
        }

        var lost = _lost.Token;
        var call = Executor.ExecuteAsync(request);
        try
        {
            return await call.WaitAsync(lost);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !call.IsCompleted)
        {
            call.Ignore();
            throw new SiloUnavailableException(
                $"the gateway {_gateway} that carried the call to use case {request.UseCase} was lost before it answered; " +
                "the call may or may not have taken effect: send it again with the same idempotency key");
        }
    }

    /// <summary>After the client lost a gateway: fails the calls in flight if it was this lane's.</summary>
    public async Task CheckAsync()
    {
        var was = _gateway;
        if (was is null)
        {
            return;
        }

        var now = await LocateAsync();
        if (!was.Equals(now))
        {
            var lost = Interlocked.Exchange(ref _lost, new CancellationTokenSource());
            await lost.CancelAsync();
            lost.Dispose();
        }
    }

    private async Task LearnGatewayAsync()
    {
        try
        {
            await LocateAsync();
        }
        finally
        {
            Volatile.Write(ref _learning, 0);
        }
    }

    private async Task<SiloAddress?> LocateAsync()
    {
        try
        {
            return _gateway = await Executor.LocateAsync().WaitAsync(LocateTimeout);
        }
        catch (Exception)
        {
            // No answer in time: the lane has no gateway to speak of until a call finds one.
            return _gateway = null;
        }
    }
}
