namespace Loom.Entities;

/// <summary>
/// The repository port for one entity type. Inside a write use case every call joins its unit of work;
/// reads in a read-only use case see committed state.
/// </summary>
public interface IRepository<TEntity> : IEntityLookup
    where TEntity : class
{
    /// <summary>The entity with this id, shaped by the load profile, or null.</summary>
    Task<TEntity?> GetByIdAsync(string id, string profile = UseCases.LoadProfiles.Default);

    /// <summary>The entity whose unique field equals the value, shaped by the load profile, or null.</summary>
    Task<TEntity?> GetByAsync(string field, object value, string profile = UseCases.LoadProfiles.Default);

    /// <summary>Whether an entity's id or unique field equals the value.</summary>
    Task<bool> ExistsByAsync(string field, object value);

    /// <summary>Creates or replaces the entity and keeps its unique fields' indexes in step.</summary>
    Task SaveAsync(TEntity entity);

    /// <summary>Deletes the entity with this id, if any, and frees its unique values.</summary>
    Task DeleteAsync(string id);
}
