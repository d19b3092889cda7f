namespace Loom.UseCases;

/// <summary>
/// One executor id of a client's <see cref="UseCaseExecutorRing"/>, and the calls in flight on it.
/// The client routes every call for one grain id through one gateway, and a stateless executor runs
/// on the silo that received the call, so the silo an executor answers from is the lane's gateway.
/// When the client loses a gateway, each lane asks its executor again: a lane that now answers from
/// another silo, or cannot be reached at all, has lost its gateway, and the calls it sent before can
/// never be answered.
/// </summary>
/// <param name="executor">The lane's executor.</param>
/// <param name="watched">Whether the client reports gateway losses; a lane nobody tells of them need not know its gateway.</param>
/// <param name="locateTimeout">How long one question to the executor may take; 5 s unless a test says otherwise.</param>
internal sealed class ExecutorLane(IUseCaseExecutorGrain executor, bool watched, TimeSpan? locateTimeout = null)
{
    /// <summary>
    /// How many times a check asks its executor before it leaves the lane's calls alone: a question the
    /// client sent just after the loss can still go to the lost gateway, and go unanswered.
    /// </summary>
    private const int MaxLocateAttempts = 4;

    private readonly TimeSpan _locateTimeout = locateTimeout ?? TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _checking = new(1, 1);
    private Route _route = new(new CancellationTokenSource(), null);
    private int _learning;

    public IUseCaseExecutorGrain Executor { get; } = executor;

    /// <summary>Runs a call on this lane, which fails at once if the lane's gateway is lost before it answers.</summary>
    public Task<byte[]> ExecuteAsync(UseCaseRequest request)
    {
        // Nobody reports a lost gateway to an unwatched lane: its calls go straight to the executor.
        return watched ? ExecuteWatchedAsync(request) : Executor.ExecuteAsync(request);
    }

    private async Task<byte[]> ExecuteWatchedAsync(UseCaseRequest request)
    {
        var route = Volatile.Read(ref _route);
        if (route.Gateway is null && Interlocked.Exchange(ref _learning, 1) == 0)
        {
            LearnInBackgroundAsync().Ignore();
        }

        var call = Executor.ExecuteAsync(request);
        try
        {
            return await call.WaitAsync(route.Lost.Token);
        }
        catch (OperationCanceledException) when (route.Lost.IsCancellationRequested)
        {
            if (call.IsCompleted)
            {
                return await call;
            }

            call.Ignore();
            throw new SiloUnavailableException(
                $"the gateway {route.Gateway} that carried the call to use case {request.UseCase} was lost before it answered; " +
                "the call may or may not have taken effect: send it again with the same idempotency key");
        }
    }

    /// <summary>Finds out which silo the lane's calls go through.</summary>
    public async Task LearnAsync()
    {
        await _checking.WaitAsync();
        try
        {
            var route = Volatile.Read(ref _route);
            if (route.Gateway is null && await LocateAsync() is { Gateway: { } gateway })
            {
                Volatile.Write(ref _route, route with { Gateway = gateway });
            }
        }
        finally
        {
            _checking.Release();
        }
    }

    private async Task LearnInBackgroundAsync()
    {
        try
        {
            await LearnAsync();
        }
        finally
        {
            Volatile.Write(ref _learning, 0);
        }
    }

    /// <summary>
    /// After the client lost a gateway: calls sent from now on get a new route, and the calls sent
    /// before fail at once if the lane now answers from another silo, or not at all; a question that
    /// goes unanswered is asked again.
    /// </summary>
    public async Task CheckAsync()
    {
        await _checking.WaitAsync();
        try
        {
            var before = Volatile.Read(ref _route);
            var next = new Route(new CancellationTokenSource(), before.Gateway);
            Volatile.Write(ref _route, next);
            var (known, now) = await LocateAsync();
            for (var attempt = 1; !known && attempt < MaxLocateAttempts; attempt++)
            {
                (known, now) = await LocateAsync();
            }

            if (known && before.Gateway is { } was && !was.Equals(now))
            {
                Volatile.Write(ref _route, next with { Gateway = now });
                await before.Lost.CancelAsync();
            }
            else
            {
                // Not lost, or not known to be: the earlier calls fail with the new route's, if ever.
                next.Lost.Token.Register(before.Lost.Cancel);
                Volatile.Write(ref _route, next with { Gateway = now ?? before.Gateway });
            }
        }
        finally
        {
            _checking.Release();
        }
    }

    /// <summary>Where the lane's executor runs now: known true with null when no gateway took the question, known false when none answered in time.</summary>
    private async Task<(bool Known, SiloAddress? Gateway)> LocateAsync()
    {
        try
        {
            return (true, await Executor.LocateAsync().WaitAsync(_locateTimeout));
        }
        catch (TimeoutException)
        {
            return (false, null);
        }
        catch (Exception)
        {
            // Refused by every gateway, or by the one its calls went through.
            return (true, null);
        }
    }

    /// <summary>The token that fails a lane's calls when their gateway is lost, and that gateway, as far as the lane knows it.</summary>
    private sealed record Route(CancellationTokenSource Lost, SiloAddress? Gateway);
}
