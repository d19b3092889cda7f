namespace Loom.Errors;

/// <summary>Saving an entity would give a unique field a value another entity already holds.</summary>
[GenerateSerializer]
public sealed class UniqueConstraintViolation : LoomError
{
    /// <summary>Creates the error.</summary>
    public UniqueConstraintViolation(string entity, string field, string value)
        : base($"{entity}.{field} '{value}' is already taken.")
    {
        Entity = entity;
        Field = field;
        Value = value;
    }

    /// <summary>The entity type.</summary>
    [Id(0)]
    public string Entity { get; }

    /// <summary>The unique field.</summary>
    [Id(1)]
    public string Field { get; }

    /// <summary>The value already taken.</summary>
    [Id(2)]
    public string Value { get; }

    /// <inheritdoc />
    public override string Code => "unique_violation";
}
