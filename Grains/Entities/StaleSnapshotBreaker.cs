namespace Loom.Entities;

/// <summary>
/// Stops a silo's units of work from starting from snapshots while too many of them prove stale, as
/// they do when other silos keep writing the same entities: each stale one costs an aborted attempt.
/// Outcomes are judged 32 at a time; a pause starts at one second and doubles, up to a minute, for
/// as long as each window after one is still too stale. It judges the silo as a whole: a single hot
/// entity is kept off snapshots by <see cref="EntitySnapshots"/> itself, but enough of them pause all.
/// </summary>
internal sealed class StaleSnapshotBreaker(TimeProvider time)
{
    private const int Window = 32;
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private int _confirmed;
    private int _stale;
    private int _pauses;
    private long _pausedUntilTicks;

    /// <summary>Whether snapshots are not to be used now; reads the clock only while a pause is set.</summary>
    public bool IsPaused
    {
        get
        {
            var until = Volatile.Read(ref _pausedUntilTicks);
            if (until == 0)
            {
                return false;
            }

            if (time.GetUtcNow().UtcTicks < until)
            {
                return true;
            }

            Interlocked.CompareExchange(ref _pausedUntilTicks, 0, until);
            return false;
        }
    }

    /// <summary>Records snapshots that proved current at their lock and ones that proved stale.</summary>
    public void Record(int confirmed, int stale)
    {
        lock (_gate)
        {
            _confirmed += confirmed;
            _stale += stale;
            var judged = _confirmed + _stale;
            if (judged < Window)
            {
                return;
            }

            // More than a third stale costs more in aborts than the snapshots save in reads.
            var tooStale = _stale * 3 > judged;
            (_confirmed, _stale) = (0, 0);
            if (!tooStale)
            {
                _pauses = 0;
                return;
            }

            var pause = TimeSpan.FromTicks(Math.Min(LongestPause.Ticks, FirstPause.Ticks << Math.Min(_pauses, 16)));
            _pauses++;
            Volatile.Write(ref _pausedUntilTicks, (time.GetUtcNow() + pause).UtcTicks);
        }
    }
}
