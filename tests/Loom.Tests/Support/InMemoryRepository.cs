using System.Collections.Concurrent;
using Loom.Entities;

namespace Loom.Tests.Support;

/// <summary>
/// A repository over a dictionary, for fast unit tests of the executor. It records every read, and
/// answers entity reads asynchronously when a <see cref="ReadLatency"/> is registered.
/// </summary>
public sealed class InMemoryRepository<TEntity>(AccessLog log, ReadLatency? latency = null) : IRepository<TEntity>
    where TEntity : class
{
    private static readonly EntityDescriptor Entity = EntityDescriptor.Of<TEntity>();
    private readonly ConcurrentDictionary<string, TEntity> _entities = new();

    public Task<TEntity?> GetByIdAsync(string id, string profile = "default")
    {
        log.Read($"{Entity.Name}:{Entity.IdField}={id}");
        return Task.FromResult(_entities.GetValueOrDefault(id));
    }

    public async Task<TEntity?> GetByAsync(string field, object value, string profile = "default") =>
        await FindIdAsync(field, LookupValue.Format(value)) is { } id ? await GetByIdAsync(id, profile) : null;

    public async Task<bool> ExistsByAsync(string field, object value) => await FindIdAsync(field, LookupValue.Format(value)) is not null;

    public Task SaveAsync(TEntity entity)
    {
        _entities[Entity.GetId(entity)] = entity;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string id)
    {
        _entities.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    public async ValueTask<object?> FindAsync(string id, string profile)
    {
        if (latency is not null)
        {
            await Task.Yield();
        }

        return await GetByIdAsync(id, profile);
    }

    public ValueTask<string?> FindIdAsync(string field, string value)
    {
        if (field == Entity.IdField)
        {
            return new(_entities.ContainsKey(value) ? value : null);
        }

        log.Read($"{Entity.Name}:{field}={value}");
        var read = Entity.UniqueFields[field];
        return new(_entities.Values.Where(e => LookupValue.Format(read(e)) == value).Select(Entity.GetId).FirstOrDefault());
    }
}
