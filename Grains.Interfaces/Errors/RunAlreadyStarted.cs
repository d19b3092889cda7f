namespace Loom.Errors;

/// <summary>A run with this id was already started from another manifest.</summary>
[GenerateSerializer]
public sealed class RunAlreadyStarted : LoomError
{
    /// <summary>Creates the error.</summary>
    public RunAlreadyStarted(string runId, string existingManifestId, string requestedManifestId)
        : base($"Run '{runId}' was started from manifest {existingManifestId}, not {requestedManifestId}.")
    {
        RunId = runId;
        ExistingManifestId = existingManifestId;
        RequestedManifestId = requestedManifestId;
    }

    /// <summary>The run's id.</summary>
    [Id(0)]
    public string RunId { get; }

    /// <summary>The manifest the run was started from.</summary>
    [Id(1)]
    public string ExistingManifestId { get; }

    /// <summary>The manifest this request named.</summary>
    [Id(2)]
    public string RequestedManifestId { get; }

    /// <inheritdoc />
    public override string Code => "run_already_started";
}
