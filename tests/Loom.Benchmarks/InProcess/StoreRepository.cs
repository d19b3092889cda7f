using Loom.Entities;
using Loom.Samples.Ledger;

namespace Loom.Benchmarks.InProcess;

/// <summary>Loom's repository port over <see cref="AccountStore"/>, so Loom does the same data work as the others.</summary>
public sealed class StoreRepository(AccountStore store) : IRepository<Account>
{
    public Task<Account?> GetByIdAsync(string id, string profile = "default") => Task.FromResult(store.Accounts.GetValueOrDefault(id));

    public Task<Account?> GetByAsync(string field, object value, string profile = "default") => throw new NotSupportedException();

    public Task<bool> ExistsByAsync(string field, object value) => throw new NotSupportedException();

    public Task SaveAsync(Account entity)
    {
        store.Accounts[entity.Id] = entity;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string id) => throw new NotSupportedException();

    public ValueTask<object?> FindAsync(string id, string profile) => new(store.Accounts.GetValueOrDefault(id));

    public ValueTask<string?> FindIdAsync(string field, string value) => throw new NotSupportedException();
}
