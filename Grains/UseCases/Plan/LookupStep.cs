using Loom.Entities;

namespace Loom.UseCases;

/// <summary>
/// A <c>[LoadById]</c>, <c>[Load]</c> or <c>[Exists]</c> parameter: an entity lookup the executor
/// runs before anything else touches entities, so that it can take their locks in one order.
/// </summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Slot">Its position among <c>Execute</c>'s arguments.</param>
/// <param name="Entity">The entity type looked up.</param>
/// <param name="Repository">The entity type's <see cref="IRepository{TEntity}"/>, resolved when the plan was compiled.</param>
/// <param name="ReadLookupValue">Reads the lookup value from the bound arguments (a parameter or a command field).</param>
/// <param name="SourceDescription">Where the value comes from, for logs.</param>
/// <param name="By">The entity field matched: its id field or a unique field.</param>
/// <param name="Profile">The load profile.</param>
/// <param name="OnMissing">What to bind when nothing matches.</param>
/// <param name="IsExists">True for <c>[Exists]</c>, which binds a bool instead of the entity.</param>
public sealed record LookupStep(
    string Name,
    int Slot,
    EntityDescriptor Entity,
    IEntityLookup Repository,
    Func<object?[], object?> ReadLookupValue,
    string SourceDescription,
    string By,
    string Profile,
    OnMissing OnMissing,
    bool IsExists)
{
    /// <summary>Whether the lookup matches the entity's id (one read) rather than a unique field (index, then entity).</summary>
    public bool IsById => By == Entity.IdField;
}
