namespace Loom.Errors;

/// <summary>An entity a use case needed does not exist.</summary>
[GenerateSerializer]
public sealed class NotFound : LoomError
{
    /// <summary>Creates the error for the entity type and the id (or lookup value) that was not found.</summary>
    public NotFound(string entity, string id) : base($"{entity} '{id}' was not found.")
    {
        Entity = entity;
        Id = id;
    }

    /// <summary>The entity type's name.</summary>
    [Id(0)]
    public string Entity { get; }

    /// <summary>The id or lookup value that matched nothing.</summary>
    [Id(1)]
    public string Id { get; }

    /// <inheritdoc />
    public override string Code => "not_found";
}
