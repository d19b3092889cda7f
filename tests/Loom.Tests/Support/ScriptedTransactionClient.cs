using Orleans;

namespace Loom.Tests.Support;

/// <summary>
/// An <see cref="ITransactionClient"/> that runs the work and then fails the commit the way it is
/// told to, attempt by attempt, so the unit of work's retry policy can be checked without a cluster.
/// </summary>
public sealed class ScriptedTransactionClient(params Func<Exception?>[] commitOutcomes) : ITransactionClient
{
    public int Attempts { get; private set; }

    public Task RunTransaction(TransactionOption transactionOption, Func<Task> transactionDelegate) =>
        throw new NotSupportedException();

    public Task RunTransaction(TransactionOption transactionOption, Func<Task<bool>> transactionDelegate) =>
        throw new NotSupportedException();

    public Task RunTransaction(TransactionOption transactionOption, Func<Task> transactionDelegate, bool useExclusiveLock) =>
        throw new NotSupportedException();

    public async Task RunTransaction(TransactionOption transactionOption, Func<Task<bool>> transactionDelegate, bool useExclusiveLock)
    {
        Assert.Equal(TransactionOption.Create, transactionOption);
        Assert.True(useExclusiveLock);
        var attempt = Attempts++;
        var commits = await transactionDelegate();
        var outcome = attempt < commitOutcomes.Length ? commitOutcomes[attempt]() : null;
        if (commits && outcome is not null)
        {
            throw outcome;
        }
    }
}
