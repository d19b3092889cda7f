namespace Loom.UseCases;

/// <summary>One lookup's value as text and, once known, the id of the entity it names.</summary>
internal struct LookupKeys(string value, string? id)
{
    /// <summary>The lookup value: an id, or a unique field's value.</summary>
    public string Value { get; } = value;

    /// <summary>The entity's id: the value itself for lookups by id, else what the index returned.</summary>
    public string? Id { get; set; } = id;
}
