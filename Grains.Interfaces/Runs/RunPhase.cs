namespace Loom.Runs;

/// <summary>Where a run is now.</summary>
public enum RunPhase
{
    /// <summary>No run has this id.</summary>
    NotStarted,

    /// <summary>A state is running, or about to.</summary>
    Running,

    /// <summary>Waiting out the backoff before a retry.</summary>
    Waiting,

    /// <summary>Every state completed.</summary>
    Completed,

    /// <summary>A state failed for good.</summary>
    Failed,

    /// <summary>Cancelled between states.</summary>
    Cancelled,

    /// <summary>Stopped without ending because it cannot go on as it is (see <see cref="RunStatusView.HaltCode"/>).</summary>
    Halted,
}
