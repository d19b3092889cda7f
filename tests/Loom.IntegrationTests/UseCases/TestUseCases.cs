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
