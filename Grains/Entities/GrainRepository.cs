using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Transactions;

namespace Loom.Entities;

/// <summary>
/// The repository port over entity grains and unique-index grains. Inside a unit of work it reads
/// and writes through the work's <see cref="EntityWorkspace"/>: an entity the silo's snapshots know
/// is read from them without a lock, and its writes wait in the workspace until it is locked (a
/// write that changes unique values locks at once); any other entity is read, and written, under
/// its lock at once.
/// </summary>
public sealed class GrainRepository<TEntity>(
    IGrainFactory grains,
    EntitySnapshots snapshots,
    DeepCopier<TEntity> copier,
    IServiceProvider services) : IRepository<TEntity>
    where TEntity : class
{
    private static readonly EntityDescriptor Entity = EntityDescriptor.Of<TEntity>();

    private readonly GrainReferences<IEntityGrain<TEntity>> _entities = new(grains);
    private readonly GrainReferences<IUniqueIndexGrain> _indexes = new(grains);

    /// <inheritdoc />
    public async Task<TEntity?> GetByIdAsync(string id, string profile = LoadProfiles.Default) =>
        Shape(await ReadAsync(id), profile);

    /// <inheritdoc />
    public async Task<TEntity?> GetByAsync(string field, object value, string profile = LoadProfiles.Default)
    {
        var id = await FindIdAsync(field, LookupValue.Format(value));
        return id is null ? null : await GetByIdAsync(id, profile);
    }

    /// <inheritdoc />
    public async Task<bool> ExistsByAsync(string field, object value) =>
        await FindIdAsync(field, LookupValue.Format(value)) is not null;

    /// <inheritdoc />
    public Task SaveAsync(TEntity entity) => WriteAsync(Entity.GetId(entity), copier.Copy(entity), "saved");

    /// <inheritdoc />
    public Task DeleteAsync(string id) => WriteAsync(id, null, "deleted");

    /// <inheritdoc />
    public ValueTask<object?> FindAsync(string id, string profile)
    {
        var read = ReadAsync(id);
        return read.IsCompletedSuccessfully ? new(Shape(read.Result, profile)) : ShapeAsync(read, profile);
    }

    /// <inheritdoc />
    public async ValueTask<string?> FindIdAsync(string field, string value)
    {
        if (field == Entity.IdField)
        {
            return await ReadAsync(value) is null ? null : value;
        }

        if (!Entity.UniqueFields.ContainsKey(field))
        {
            throw new ArgumentException($"{Entity.Name}.{field} is neither the id nor a [Unique] field, so it cannot be looked up.", nameof(field));
        }

        return await UniqueIndexes<TEntity>.Of(_indexes, field, value).GetOwnerAsync();
    }

    private async ValueTask<object?> ShapeAsync(ValueTask<TEntity?> read, string profile) => Shape(await read, profile);

    private TEntity? Shape(TEntity? entity, string profile) =>
        entity is null || profile == LoadProfiles.Default
            ? entity
            : services.GetRequiredKeyedService<IEntityProfile<TEntity>>(profile).Apply(entity);

    /// <summary>
    /// The entity as the caller's own value: a grain call returns a copy already, and a value the
    /// workspace holds is copied, so that changing it changes nothing until it is saved.
    /// </summary>
    private ValueTask<TEntity?> ReadAsync(string id)
    {
        if (EntityWorkspace.Current is not { } workspace)
        {
            return new(_entities.Get(id).GetAsync());
        }

        var key = new EntityKey(Entity.FullName, id);
        if (workspace.TryGet(key, out var entry))
        {
            return new(Copy(((WorkspaceEntry<TEntity>)entry).Current));
        }

        if (workspace.UsesSnapshots && snapshots.TryGet(key, out var snapshot))
        {
            var unlocked = new WorkspaceEntry<TEntity>(_entities.Get(id), key, (TEntity)snapshot.Value, snapshot.Version, locked: false);
            return new(Copy(((WorkspaceEntry<TEntity>)workspace.GetOrAdd(unlocked)).Current));
        }

        return ReadLockedAsync(workspace, key);
    }

    private async ValueTask<TEntity?> ReadLockedAsync(EntityWorkspace workspace, EntityKey key)
    {
        await workspace.LockBeforeAsync(key);
        var grain = _entities.Get(key.Id);
        var read = await grain.ReadAsync();
        var locked = new WorkspaceEntry<TEntity>(grain, key, read.Value, read.Version, locked: true);
        return Copy(((WorkspaceEntry<TEntity>)workspace.GetOrAdd(locked)).Current);
    }

    private TEntity? Copy(TEntity? entity) => entity is null ? null : copier.Copy(entity);

    private async Task WriteAsync(string id, TEntity? value, string verb)
    {
        if (TransactionContext.GetTransactionInfo() is null)
        {
            throw new InvalidOperationException(
                $"{Entity.Name} cannot be {verb} outside a unit of work: only a use case that is not read-only may write.");
        }

        var workspace = EntityWorkspace.Current;
        var key = new EntityKey(Entity.FullName, id);
        WorkspaceEntry<TEntity>? entry = null;
        if (workspace is not null && workspace.TryGet(key, out var known))
        {
            entry = (WorkspaceEntry<TEntity>)known;
            if (!entry.IsLocked)
            {
                if (!UniqueIndexes<TEntity>.Differ(entry.Current, value))
                {
                    entry.Change(value);
                    return;
                }

                // A change of unique values claims them now, so the work's own lookups see it; index
                // locks come after entity locks, so every entity the work holds is locked first.
                await workspace.LockAllAsync();
            }
        }
        else if (workspace is not null)
        {
            // The same order for a new entity: claiming its unique values waits for every entity lock.
            await (UniqueIndexes<TEntity>.Differ(null, value) ? workspace.LockAllAsync() : workspace.LockBeforeAsync(key));
        }

        var grain = _entities.Get(id);
        var written = await grain.WriteAsync(value, expectedVersion: null);
        var stored = entry ?? (WorkspaceEntry<TEntity>?)workspace?.GetOrAdd(new WorkspaceEntry<TEntity>(grain, key, value, written.Version, locked: true));
        stored?.Stored(value, written.Version);

        await UniqueIndexes<TEntity>.UpdateAsync(_indexes, id, written.Previous, value);
    }
}
