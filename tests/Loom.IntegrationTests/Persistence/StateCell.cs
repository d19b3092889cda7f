using System.Diagnostics.CodeAnalysis;

namespace Loom.IntegrationTests.Persistence;

/// <summary>The state an activation holds, as Orleans hands it to grain storage.</summary>
public sealed class StateCell<T> : IGrainState<T> where T : new()
{
    [AllowNull]
    public T State { get; set; } = new();

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
