namespace Loom.Entities;

/// <summary>Marks an entity property whose values are unique across entities of its type, so it can be looked up.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class UniqueAttribute : Attribute;
