namespace Loom.Entities;

/// <summary>
/// A named load profile for an entity type: shapes the entity a use case receives. Register it as a
/// keyed singleton under the profile's name.
/// </summary>
public interface IEntityProfile<TEntity>
    where TEntity : class
{
    /// <summary>Shapes the stored entity for the use case.</summary>
    TEntity Apply(TEntity entity);
}
