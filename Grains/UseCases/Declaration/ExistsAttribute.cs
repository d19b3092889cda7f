namespace Loom.UseCases;

/// <summary>
/// Binds a <see cref="bool"/> parameter to whether an entity of <see cref="EntityType"/> matches the
/// lookup value. Missing binds false unless <see cref="EntityLookupAttribute.OnMissing"/> is Raise.
/// </summary>
public sealed class ExistsAttribute : EntityLookupAttribute
{
    /// <summary>Creates the check.</summary>
    public ExistsAttribute(Type entityType, From from, string source) : base(from, source)
    {
        EntityType = entityType;
        OnMissing = OnMissing.False;
    }

    /// <summary>The entity type looked up.</summary>
    public Type EntityType { get; }

    /// <summary>The entity field matched: its id (when null) or a <see cref="Entities.UniqueAttribute"/> field.</summary>
    public string? By { get; init; }
}
