using System.Text.Json.Nodes;
using Loom.Errors;
using Loom.Runs;
using Loom.Samples.Ledger;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.Samples.Statements;

/// <summary>
/// The <c>collect</c> state: reads each account the inputs name through the ledger's
/// <see cref="GetAccount"/> use case and writes the month and the accounts' owners and balances
/// into the context, under <c>month</c> and <c>accounts</c>.
/// </summary>
public sealed class CollectBalances : IRunStateHandler
{
    /// <inheritdoc />
    public async Task ExecuteAsync(RunStateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var month = StatementInputs.Month(context.Inputs);
        var grains = context.Services.GetRequiredService<IGrainFactory>();
        var accounts = new JsonArray();
        foreach (var accountId in StatementInputs.Accounts(context.Inputs))
        {
            AccountView? account;
            try
            {
                account = await grains.ExecuteUseCaseAsync<AccountView>(nameof(GetAccount), new { accountId });
            }
            catch (NotFound missing)
            {
                // The account will not appear by trying again: the run must be restarted with other inputs.
                throw new RunStateException($"account {missing.Id} does not exist", retryable: false, missing);
            }

            accounts.Add(new JsonObject
            {
                ["id"] = account!.Id,
                ["owner"] = account.Owner,
                ["balance"] = account.Balance,
            });
        }

        context.Context["month"] = month;
        context.Context["accounts"] = accounts;
    }
}
