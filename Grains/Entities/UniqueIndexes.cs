namespace Loom.Entities;

/// <summary>Keeps the unique-field indexes of <typeparamref name="TEntity"/> in step with its writes.</summary>
internal static class UniqueIndexes<TEntity>
    where TEntity : class
{
    private static readonly EntityDescriptor Entity = EntityDescriptor.Of<TEntity>();

    /// <summary>The index grain of one value of one unique field.</summary>
    public static IUniqueIndexGrain Of(GrainReferences<IUniqueIndexGrain> indexes, string field, string value) =>
        indexes.Get(new UniqueIndexKey(Entity.FullName, field, value).ToString());

    /// <summary>Whether the two values of an entity hold different unique values.</summary>
    public static bool Differ(TEntity? x, TEntity? y)
    {
        foreach (var read in Entity.UniqueFields.Values)
        {
            if (!Equals(x is null ? null : read(x), y is null ? null : read(y)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Releases the values <paramref name="before"/> held and claims those <paramref name="after"/> holds, field by field.</summary>
    public static async Task UpdateAsync(GrainReferences<IUniqueIndexGrain> indexes, string id, TEntity? before, TEntity? after)
    {
        foreach (var (field, read) in Entity.UniqueFields)
        {
            var released = before is null ? null : read(before);
            var claimed = after is null ? null : read(after);
            if (Equals(released, claimed))
            {
                continue;
            }

            if (released is not null)
            {
                await Of(indexes, field, LookupValue.Format(released)).ReleaseAsync(id);
            }

            if (claimed is not null)
            {
                await Of(indexes, field, LookupValue.Format(claimed)).ClaimAsync(id);
            }
        }
    }
}
