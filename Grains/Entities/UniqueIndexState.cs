namespace Loom.Entities;

/// <summary>Which entity holds a unique value.</summary>
[GenerateSerializer]
public sealed class UniqueIndexState
{
    /// <summary>The holder's id, or null when the value is free.</summary>
    [Id(0)]
    public string? Owner { get; set; }
}
