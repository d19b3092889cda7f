namespace Loom.Entities;

/// <summary>The untyped reads the use-case executor needs from a repository, whatever its entity type.</summary>
public interface IEntityLookup
{
    /// <summary>The entity with this id after applying the profile, or null.</summary>
    ValueTask<object?> FindAsync(string id, string profile);

    /// <summary>The id of the entity whose unique <paramref name="field"/> equals <paramref name="value"/>, or null.</summary>
    ValueTask<string?> FindIdAsync(string field, string value);
}
