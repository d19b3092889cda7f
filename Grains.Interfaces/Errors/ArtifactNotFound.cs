namespace Loom.Errors;

/// <summary>No artifact is stored under the id.</summary>
[GenerateSerializer]
public sealed class ArtifactNotFound : LoomError
{
    /// <summary>Creates the error for the id that matched nothing.</summary>
    public ArtifactNotFound(string artifactId) : base($"Artifact '{artifactId}' was not found.") => ArtifactId = artifactId;

    /// <summary>The artifact's id (the SHA-256 of its content, lower-case hex).</summary>
    [Id(0)]
    public string ArtifactId { get; }

    /// <inheritdoc />
    public override string Code => "artifact_not_found";
}
