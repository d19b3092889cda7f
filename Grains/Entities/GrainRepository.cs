using Loom.Errors;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Transactions;

namespace Loom.Entities;

/// <summary>The repository port over entity grains and unique-index grains.</summary>
public sealed class GrainRepository<TEntity>(IGrainFactory grains, IServiceProvider services) : IRepository<TEntity>
    where TEntity : class
{
    private static readonly EntityDescriptor Entity = EntityDescriptor.Of<TEntity>();

    /// <inheritdoc />
    public async Task<TEntity?> GetByIdAsync(string id, string profile = LoadProfiles.Default)
    {
        var entity = await grains.GetGrain<IEntityGrain<TEntity>>(id).GetAsync();
        return entity is null || profile == LoadProfiles.Default
            ? entity
            : services.GetRequiredKeyedService<IEntityProfile<TEntity>>(profile).Apply(entity);
    }

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
    public async Task SaveAsync(TEntity entity)
    {
        EnsureInUnitOfWork("saved");
        var id = Entity.GetId(entity);
        var previous = await grains.GetGrain<IEntityGrain<TEntity>>(id).SaveAsync(entity);
        foreach (var (field, read) in Entity.UniqueFields)
        {
            var before = previous is null ? null : read(previous);
            var after = read(entity);
            if (Equals(before, after))
            {
                continue;
            }

            if (before is not null)
            {
                await IndexOf(field, LookupValue.Format(before)).ReleaseAsync(id);
            }

            if (after is not null)
            {
                await IndexOf(field, LookupValue.Format(after)).ClaimAsync(id);
            }
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string id)
    {
        EnsureInUnitOfWork("deleted");
        var previous = await grains.GetGrain<IEntityGrain<TEntity>>(id).DeleteAsync();
        if (previous is null)
        {
            return;
        }

        foreach (var (field, read) in Entity.UniqueFields)
        {
            if (read(previous) is { } value)
            {
                await IndexOf(field, LookupValue.Format(value)).ReleaseAsync(id);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<object?> FindAsync(string id, string profile) => await GetByIdAsync(id, profile);

    /// <inheritdoc />
    public async ValueTask<string?> FindIdAsync(string field, string value)
    {
        if (field == Entity.IdField)
        {
            return await grains.GetGrain<IEntityGrain<TEntity>>(value).GetAsync() is null ? null : value;
        }

        if (!Entity.UniqueFields.ContainsKey(field))
        {
            throw new ArgumentException($"{Entity.Name}.{field} is neither the id nor a [Unique] field, so it cannot be looked up.", nameof(field));
        }

        return await IndexOf(field, value).GetOwnerAsync();
    }

    private IUniqueIndexGrain IndexOf(string field, string value) =>
        grains.GetGrain<IUniqueIndexGrain>(new UniqueIndexKey(Entity.FullName, field, value).ToString());

    private static void EnsureInUnitOfWork(string verb)
    {
        if (TransactionContext.GetTransactionInfo() is null)
        {
            throw new InvalidOperationException(
                $"{Entity.Name} cannot be {verb} outside a unit of work: only a use case that is not read-only may write.");
        }
    }
}
