namespace Loom.Runs;

/// <summary>How the wait before a retry grows.</summary>
public enum BackoffKind
{
    /// <summary>The same delay before every retry.</summary>
    Fixed,

    /// <summary>The base delay doubled for each attempt already made, up to a cap.</summary>
    Exponential,
}
