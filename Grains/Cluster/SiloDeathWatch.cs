using Microsoft.Extensions.Logging;

namespace Loom.Cluster;

/// <summary>
/// Watches membership while the silo is active and, when another silo is declared dead, has the
/// first surviving silo (in address order, so one survivor acts for the cluster) run every
/// <see cref="ISiloDeathHandler"/>: runs and jobs the dead silo held go on within seconds of the
/// death being known, not at the next reminder or sweep.
/// </summary>
internal sealed class SiloDeathWatch(
    IClusterMembershipService membership,
    ILocalSiloDetails local,
    IEnumerable<ISiloDeathHandler> handlers,
    ILogger<SiloDeathWatch> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const int MaxTries = 10;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _handling = [];
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloDeathWatch), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = WatchAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
        Task[] handling;
        lock (_handling)
        {
            handling = [.. _handling];
        }

        await Task.WhenAll(handling);
    }

    private async Task WatchAsync(CancellationToken stopping)
    {
        var previous = membership.CurrentSnapshot;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stopping))
            {
                if (snapshot.Version <= previous.Version)
                {
                    continue;
                }

                var dead = snapshot.CreateUpdate(previous).Changes
                    .Where(member => member.Status == SiloStatus.Dead && !member.SiloAddress.Equals(local.SiloAddress))
                    .Select(member => member.SiloAddress)
                    .ToList();
                previous = snapshot;
                if (dead.Count == 0 || !ActsFor(snapshot))
                {
                    continue;
                }

                foreach (var silo in dead)
                {
                    ClusterLog.SiloDead(logger, silo);
                    foreach (var handler in handlers)
                    {
                        Track(HandleAsync(handler, silo, stopping));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private bool ActsFor(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active)
            .Select(member => member.SiloAddress)
            .Order()
            .FirstOrDefault() is { } first && first.Equals(local.SiloAddress);

    private async Task HandleAsync(ISiloDeathHandler handler, SiloAddress dead, CancellationToken stopping)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await handler.OnSiloDeadAsync(dead, stopping);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                ClusterLog.HandlerFailed(logger, error, handler.Name, dead, attempt);
                if (attempt == MaxTries)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(RetryDelay, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Track(Task handling)
    {
        lock (_handling)
        {
            _handling.RemoveAll(task => task.IsCompleted);
            _handling.Add(handling);
        }
    }
}
