namespace Loom.Runs.Storage;

/// <summary>Where durable runs keep their event streams and artifacts.</summary>
public sealed class RunStorageOptions
{
    /// <summary>The table of run event streams: a partition a run, a row an event.</summary>
    public string EventTableName { get; set; } = "LoomRunEvents";

    /// <summary>The table of content-addressed artifacts: a partition an artifact.</summary>
    public string ArtifactTableName { get; set; } = "LoomArtifacts";
}
