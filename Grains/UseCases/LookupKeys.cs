namespace Loom.UseCases;

/// <summary>One lookup of an execution: which step, its value as text and, once known, the id of the entity it names.</summary>
internal struct LookupKeys(int step, string value, string? id)
{
    /// <summary>The position of the lookup step in the plan, which is declaration order.</summary>
    public int Step { get; } = step;

    /// <summary>The lookup value: an id, or a unique field's value.</summary>
    public string Value { get; } = value;

    /// <summary>The entity's id: the value itself for lookups by id, else what the index returned.</summary>
    public string? Id { get; set; } = id;
}
