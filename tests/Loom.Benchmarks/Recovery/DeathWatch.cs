using System.Diagnostics;

namespace Loom.Benchmarks.Recovery;

/// <summary>
/// Asks the cluster's management grain, every 250 ms, how it lists one silo, until it lists it Dead: the
/// moment the cluster has declared a killed silo dead, as a client can observe it.
/// </summary>
public sealed class DeathWatch(IGrainFactory grains, SiloAddress silo, Stopwatch clock)
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    // The management grain may itself live on the killed silo; a poll waits no longer than this for it.
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(5);

    /// <summary>When the silo was first seen Dead (seconds on the load's clock), or null.</summary>
    public double? DeadAt { get; private set; }

    public int Polls { get; private set; }

    public int FailedPolls { get; private set; }

    /// <summary>The active silo whose silo-to-silo port is <paramref name="siloPort"/>.</summary>
    /// <exception cref="InvalidOperationException">The cluster lists no such active silo.</exception>
    public static async Task<SiloAddress> FindActiveAsync(IGrainFactory grains, int siloPort)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(30));
        return hosts.Keys.FirstOrDefault(address => address.Endpoint.Port == siloPort)
            ?? throw new InvalidOperationException($"No active silo listens on port {siloPort}: {string.Join(", ", hosts.Keys)}");
    }

    /// <summary>Polls until the silo is listed Dead or <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        while (!stop.IsCancellationRequested)
        {
            Polls++;
            try
            {
                var hosts = await management.GetHosts(onlyActive: false).WaitAsync(PollTimeout, stop);
                if (hosts.TryGetValue(silo, out var status) && status == SiloStatus.Dead)
                {
                    DeadAt = clock.Elapsed.TotalSeconds;
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                FailedPolls++;
            }

            try
            {
                await Task.Delay(Period, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
