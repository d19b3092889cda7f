namespace Loom.Runs;

/// <summary>A state's failure with an explicit verdict on whether trying it again can help.</summary>
public sealed class RunStateException : Exception
{
    /// <summary>Creates the failure.</summary>
    public RunStateException(string message, bool retryable, Exception? innerException = null)
        : base(message, innerException) => Retryable = retryable;

    /// <summary>Whether another attempt can succeed.</summary>
    public bool Retryable { get; }
}
