using Orleans.Concurrency;

namespace Loom.Entities;

/// <summary>
/// One value of one unique entity field: which entity id holds it. Keyed by entity type, field and
/// value, so a lookup by a unique field is one transactional read.
/// </summary>
public interface IUniqueIndexGrain : IGrainWithStringKey
{
    /// <summary>The id of the entity holding this value, or null.</summary>
    [Transaction(TransactionOption.CreateOrJoin)]
    [ReadOnly]
    Task<string?> GetOwnerAsync();

    /// <summary>Claims the value for an entity; fails with a unique-constraint error if another holds it.</summary>
    [Transaction(TransactionOption.Join)]
    Task ClaimAsync(string entityId);

    /// <summary>Releases the value if the entity holds it.</summary>
    [Transaction(TransactionOption.Join)]
    Task ReleaseAsync(string entityId);
}
