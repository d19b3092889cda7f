namespace Loom.Runs;

/// <summary>
/// A request to start a run. The manifest id, operation and config are stated twice (here and in the
/// manifest) on purpose: a caller that computed them from another manifest is refused instead of
/// starting a run other than the one it meant.
/// </summary>
/// <param name="ManifestId">The SHA-256 (lower-case hex) of the manifest's canonical JSON.</param>
/// <param name="OperationId">The operation the caller means to run.</param>
/// <param name="Config">The config the caller means to run with.</param>
/// <param name="Manifest">The manifest itself.</param>
[GenerateSerializer]
public sealed record StartRunRequest(
    [property: Id(0)] string ManifestId,
    [property: Id(1)] string OperationId,
    [property: Id(2)] RunConfig Config,
    [property: Id(3)] RunManifest Manifest);
