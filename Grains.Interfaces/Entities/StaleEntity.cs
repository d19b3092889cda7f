namespace Loom.Entities;

/// <summary>
/// An entity changed after a unit of work read it without a lock: the work must run again on fresh
/// values. Loom retries it; callers never see this error.
/// </summary>
[GenerateSerializer]
public sealed class StaleEntity : Exception
{
    /// <summary>Creates the error.</summary>
    public StaleEntity(string entity, string id, long expected, long actual)
        : base($"{entity} {id} is at version {actual}, not {expected} as read")
    {
        Entity = entity;
        Id = id;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The entity type's full name.</summary>
    [Id(0)]
    public string Entity { get; }

    /// <summary>The entity's id.</summary>
    [Id(1)]
    public string Id { get; }

    /// <summary>The version the unit of work read.</summary>
    [Id(2)]
    public long Expected { get; }

    /// <summary>The version the entity is at.</summary>
    [Id(3)]
    public long Actual { get; }
}
