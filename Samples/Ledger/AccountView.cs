namespace Loom.Samples.Ledger;

/// <summary>What callers see of an account.</summary>
/// <param name="Id">The account's id.</param>
/// <param name="Owner">Who owns it.</param>
/// <param name="Balance">Its balance.</param>
[GenerateSerializer, Immutable]
public sealed record AccountView([property: Id(0)] string Id, [property: Id(1)] string Owner, [property: Id(2)] decimal Balance)
{
    /// <summary>The view of an account.</summary>
    public static AccountView Of(Account account) => new(account.Id, account.Owner, account.Balance);
}
