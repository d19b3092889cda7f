namespace Loom.Runs.History;

/// <summary>How a run ended.</summary>
public enum RunStatus
{
    /// <summary>Every state completed.</summary>
    Completed,

    /// <summary>A state failed for good.</summary>
    Failed,

    /// <summary>Cancelled between states.</summary>
    Cancelled,
}
