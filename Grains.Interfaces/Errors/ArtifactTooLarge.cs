namespace Loom.Errors;

/// <summary>Content larger than the artifact store keeps was refused before anything was written.</summary>
[GenerateSerializer]
public sealed class ArtifactTooLarge : LoomError
{
    /// <summary>Creates the error for the content's size and the limit.</summary>
    public ArtifactTooLarge(long bytes, long maxBytes) : base($"An artifact of {bytes} bytes was refused; the most an artifact holds is {maxBytes} bytes.")
    {
        Bytes = bytes;
        MaxBytes = maxBytes;
    }

    /// <summary>The content's size.</summary>
    [Id(0)]
    public long Bytes { get; }

    /// <summary>The largest artifact.</summary>
    [Id(1)]
    public long MaxBytes { get; }

    /// <inheritdoc />
    public override string Code => "artifact_too_large";
}
