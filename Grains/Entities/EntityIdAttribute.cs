namespace Loom.Entities;

/// <summary>Marks an entity's id property when it is not named <c>Id</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EntityIdAttribute : Attribute;
