namespace Loom.Errors;

/// <summary>
/// An artifact's stored content no longer matches its id: its SHA-256 differs, or its rows are
/// missing or malformed. The content is never returned.
/// </summary>
[GenerateSerializer]
public sealed class ArtifactCorrupt : LoomError
{
    /// <summary>Creates the error for the artifact and what was found wrong.</summary>
    public ArtifactCorrupt(string artifactId, string detail) : base($"Artifact '{artifactId}' is corrupt: {detail}.")
    {
        ArtifactId = artifactId;
        Detail = detail;
    }

    /// <summary>The artifact's id (the SHA-256 its content should have).</summary>
    [Id(0)]
    public string ArtifactId { get; }

    /// <summary>What was found wrong.</summary>
    [Id(1)]
    public string Detail { get; }

    /// <inheritdoc />
    public override string Code => "artifact_corrupt";
}
