namespace Loom.UseCases;

/// <summary>Binds the parameter to the entity whose id is the lookup value.</summary>
/// <example><c>[LoadById(From.Command, nameof(TransferCommand.FromAccountId))] Account from</c></example>
public sealed class LoadByIdAttribute(From from, string source) : EntityLookupAttribute(from, source)
{
    /// <summary>The load profile to apply; <c>default</c> returns the entity as stored.</summary>
    public string Profile { get; init; } = LoadProfiles.Default;
}
