using System.Text.Json;

namespace Loom.Silo.Http;

/// <summary>The body of <c>POST /api/usecases/{name}</c>.</summary>
/// <param name="Parameters">Parameter values by name.</param>
/// <param name="Payload">The command payload.</param>
public sealed record UseCaseCall(JsonElement? Parameters, JsonElement? Payload);
