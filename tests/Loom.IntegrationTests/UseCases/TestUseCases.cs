using Loom.Entities;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.IntegrationTests.UseCases;

/// <summary>Saves an account and then fails: nothing may remain.</summary>
[UseCase]
public sealed class WriteThenFail(IRepository<Account> accounts)
{
    public async Task Execute(string accountId)
    {
        await accounts.SaveAsync(new Account(accountId, "ghost", 1));
        throw new InvalidOperationException("failed after writing");
    }
}

/// <summary>Opens two accounts through the nested OpenAccount use case, then fails if asked to.</summary>
[UseCase]
public sealed class OpenPair(IUseCaseExecutor executor)
{
    public async Task<int> Execute(string first, string second, bool fail)
    {
        await executor.ExecuteAsync<OpenAccount>(payload: new OpenAccountCommand(first, "pair", 10));
        await executor.ExecuteAsync<OpenAccount>(payload: new OpenAccountCommand(second, "pair", 10));
        return fail ? throw new InvalidOperationException("the pair must not stay") : 2;
    }
}

/// <summary>Tries to save from a read-only use case.</summary>
[UseCase(ReadOnly = true)]
public sealed class SneakyWrite(IRepository<Account> accounts)
{
    public Task Execute(string accountId) => accounts.SaveAsync(new Account(accountId, "sneaky", 1));
}

/// <summary>Shows an account to the public: the owner is hidden by the "public" load profile.</summary>
[UseCase(ReadOnly = true)]
public sealed class GetPublicAccount
{
    public string Execute(string accountId, [LoadById(From.Param, nameof(accountId), Profile = "public")] Account account) => account.Owner;
}

/// <summary>The "public" load profile of accounts.</summary>
public sealed class PublicAccountProfile : IEntityProfile<Account>
{
    public Account Apply(Account entity) => entity with { Owner = "(hidden)" };
}

/// <summary>Sets one account's balance to another's: it reads an entity it never writes.</summary>
[UseCase]
public sealed class CopyBalance(IRepository<Account> accounts)
{
    public Task Execute(
        string sourceId,
        string targetId,
        [LoadById(From.Param, nameof(sourceId))] Account source,
        [LoadById(From.Param, nameof(targetId))] Account target) => accounts.SaveAsync(target with { Balance = source.Balance });
}

/// <summary>Deposits 1, then reads the balance back through the repository and through a nested read-only use case.</summary>
[UseCase]
public sealed class DepositAndReadBack(IRepository<Account> accounts, IUseCaseExecutor executor)
{
    public async Task<decimal[]> Execute(string accountId, [LoadById(From.Param, nameof(accountId))] Account account)
    {
        await accounts.SaveAsync(account with { Balance = account.Balance + 1 });
        var reread = await accounts.GetByIdAsync(accountId);
        var nested = await executor.ExecuteAsync<GetAccount, AccountView>(new { accountId });
        return [reread!.Balance, nested.Balance];
    }
}

/// <summary>Changes an account's e-mail address, then finds the account by the new address in the same unit of work.</summary>
[UseCase]
public sealed class ChangeEmail(IRepository<Account> accounts)
{
    public async Task<string?> Execute(string accountId, string email, [LoadById(From.Param, nameof(accountId))] Account account)
    {
        await accounts.SaveAsync(account with { Email = email });
        return (await accounts.GetByAsync(nameof(Account.Email), email))?.Id;
    }
}

/// <summary>Names the silo that ran it.</summary>
[UseCase(ReadOnly = true)]
public sealed class WhichSilo(ILocalSiloDetails silo)
{
    public string Execute() => silo.SiloAddress.ToParsableString();
}
