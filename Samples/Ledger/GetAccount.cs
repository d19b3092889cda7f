using Loom.UseCases;

namespace Loom.Samples.Ledger;

/// <summary>Reads an account's balance.</summary>
[UseCase(ReadOnly = true)]
public sealed class GetAccount
{
    /// <summary>Returns the account's view.</summary>
    public AccountView Execute(
        string accountId,
        [LoadById(From.Param, nameof(accountId))] Account account) => AccountView.Of(account);
}
