using Loom.UseCases;

namespace Loom.Samples.Ledger;

/// <summary>Finds the account registered under an e-mail address.</summary>
[UseCase(ReadOnly = true)]
public sealed class FindAccountByEmail
{
    /// <summary>Returns the account's view.</summary>
    public AccountView Execute(
        string email,
        [Load(From.Param, nameof(email), By = nameof(Account.Email))] Account account) => AccountView.Of(account);
}
