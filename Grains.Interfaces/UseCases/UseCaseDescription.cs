namespace Loom.UseCases;

/// <summary>What a caller can learn of a registered use case.</summary>
/// <param name="Name">The name to call it by.</param>
/// <param name="ReadOnly">Whether it runs without a transaction.</param>
/// <param name="Parameters">Its primitive parameters, as <c>name: type</c>.</param>
/// <param name="Command">The type of its command, when it takes a payload.</param>
[GenerateSerializer, Immutable]
public sealed record UseCaseDescription(
    [property: Id(0)] string Name,
    [property: Id(1)] bool ReadOnly,
    [property: Id(2)] IReadOnlyList<string> Parameters,
    [property: Id(3)] string? Command);
