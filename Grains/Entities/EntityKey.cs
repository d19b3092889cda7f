namespace Loom.Entities;

/// <summary>
/// An entity's identity across types. Its order is the canonical lock order of entities: by the
/// type's full name, then by id, both compared ordinally, as <c>LockOrder</c> sorts lookups.
/// </summary>
internal readonly record struct EntityKey(string Type, string Id) : IComparable<EntityKey>
{
    /// <inheritdoc />
    public int CompareTo(EntityKey other)
    {
        var byType = string.CompareOrdinal(Type, other.Type);
        return byType != 0 ? byType : string.CompareOrdinal(Id, other.Id);
    }
}
