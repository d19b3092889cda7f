using System.Text.Json;

namespace Loom.Silo.Http;

/// <summary>The body of <c>POST /api/runs</c>.</summary>
/// <param name="RunId">The run's id; a new one when left out.</param>
/// <param name="OperationId">The registered operation to run.</param>
/// <param name="Inputs">The run's inputs, a JSON object; integers, strings, booleans, null, arrays and objects only.</param>
/// <param name="Config">Scheduling and retries; the defaults when left out.</param>
public sealed record RunStartCall(string? RunId, string? OperationId, JsonElement? Inputs, RunConfigCall? Config);
