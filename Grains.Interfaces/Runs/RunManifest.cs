namespace Loom.Runs;

/// <summary>
/// What a run is: the operation it runs, how, and its inputs (a JSON object). Its id is the SHA-256
/// of its canonical JSON, so the same manifest always has the same id and a changed byte shows.
/// </summary>
/// <param name="OperationId">The registered operation.</param>
/// <param name="Config">Scheduling and retries.</param>
/// <param name="InputsJson">The run's inputs as JSON; integers, strings, booleans, null, arrays and objects only.</param>
[GenerateSerializer]
public sealed record RunManifest(
    [property: Id(0)] string OperationId,
    [property: Id(1)] RunConfig Config,
    [property: Id(2)] string InputsJson);
