using Loom.Jobs;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.IntegrationTests.Recovery;

/// <summary>Dispatches <c>count</c> deposits of 1 into an account, each as a job of its own: a job whose second run would show.</summary>
[UseCase]
public sealed class DepositLater(IJobDispatcher jobs)
{
    public void Execute(string accountId, int count)
    {
        for (var i = 0; i < count; i++)
        {
            jobs.Dispatch<Deposit>(payload: new DepositCommand(accountId, 1));
        }
    }
}
