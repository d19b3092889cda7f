namespace Loom.UseCases;

/// <summary>Binds the parameter to the entity whose <see cref="By"/> field equals the lookup value.</summary>
/// <example><c>[Load(From.Param, "email", By = nameof(Customer.Email))] Customer customer</c></example>
public sealed class LoadAttribute(From from, string source) : EntityLookupAttribute(from, source)
{
    /// <summary>The entity field matched against the lookup value: its id or a <see cref="Entities.UniqueAttribute"/> field.</summary>
    public required string By { get; init; }

    /// <summary>The load profile to apply; <c>default</c> returns the entity as stored.</summary>
    public string Profile { get; init; } = LoadProfiles.Default;
}
