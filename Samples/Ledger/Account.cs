using Loom.Entities;

namespace Loom.Samples.Ledger;

/// <summary>A ledger account.</summary>
/// <param name="Id">The account's id.</param>
/// <param name="Owner">Who owns it.</param>
/// <param name="Balance">Its balance; never negative.</param>
/// <param name="Email">The owner's e-mail address, unique across accounts when set.</param>
[GenerateSerializer, Immutable]
public sealed record Account(
    [property: Id(0)] string Id,
    [property: Id(1)] string Owner,
    [property: Id(2)] decimal Balance,
    [property: Id(3), Unique] string? Email = null);
