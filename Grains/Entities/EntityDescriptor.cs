using System.Collections.Frozen;
using System.Reflection;

namespace Loom.Entities;

/// <summary>What Loom knows of an entity type: its name, how to read its id and its unique fields.</summary>
public sealed class EntityDescriptor
{
    private static readonly Type[] SupportedIdTypes = [typeof(string), typeof(Guid), typeof(int), typeof(long)];

    private EntityDescriptor(Type type, PropertyInfo id, FrozenDictionary<string, Func<object, object?>> uniqueFields)
    {
        Name = type.Name;
        FullName = type.FullName ?? type.Name;
        IdField = id.Name;
        GetIdValue = UseCases.PlanDelegates.Getter(id);
        UniqueFields = uniqueFields;
    }

    /// <summary>The short name used in errors and keys.</summary>
    public string Name { get; }

    /// <summary>The full type name: what orders locks across entity types, and keys unique indexes.</summary>
    public string FullName { get; }

    /// <summary>The name of the id property.</summary>
    public string IdField { get; }

    /// <summary>Readers of the <see cref="UniqueAttribute"/> properties by name.</summary>
    public FrozenDictionary<string, Func<object, object?>> UniqueFields { get; }

    private Func<object, object?> GetIdValue { get; }

    /// <summary>The entity's id as invariant text.</summary>
    public string GetId(object entity) => LookupValue.Format(GetIdValue(entity));

    /// <summary>Describes <paramref name="type"/>, or returns null and explains why it cannot be an entity.</summary>
    public static EntityDescriptor? TryDescribe(Type type, out string error)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var id = properties.SingleOrDefault(p => p.IsDefined(typeof(EntityIdAttribute)))
            ?? properties.SingleOrDefault(p => p.Name == "Id");
        if (type.IsValueType || id is null || !SupportedIdTypes.Contains(id.PropertyType))
        {
            error = $"entity type {type.Name} needs a public Id property (or one marked [EntityId]) of type string, Guid, int or long";
            return null;
        }

        error = string.Empty;
        var unique = properties
            .Where(p => p.IsDefined(typeof(UniqueAttribute)))
            .ToFrozenDictionary(p => p.Name, UseCases.PlanDelegates.Getter, StringComparer.Ordinal);
        return new EntityDescriptor(type, id, unique);
    }

    /// <summary>The descriptor of <typeparamref name="TEntity"/>; throws when it is not a valid entity.</summary>
    public static EntityDescriptor Of<TEntity>() => Cache<TEntity>.Descriptor;

    /// <summary>True when <paramref name="field"/> names the id or a unique field.</summary>
    public bool CanLookUpBy(string field) => field == IdField || UniqueFields.ContainsKey(field);

    private static class Cache<TEntity>
    {
        public static readonly EntityDescriptor Descriptor =
            TryDescribe(typeof(TEntity), out var error) ?? throw new InvalidOperationException(error);
    }
}
