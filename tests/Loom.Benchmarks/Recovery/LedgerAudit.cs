using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.Benchmarks.Recovery;

/// <summary>
/// The accounts' balances after the run, read with the read-only use case, each read bounded in time and
/// retried, so that a stalled cluster ends the audit instead of hanging it.
/// </summary>
public static class LedgerAudit
{
    private const int Attempts = 3;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Each account's balance, or null when every attempt failed; and the failed attempts' outcomes.</summary>
    public static async Task<(decimal?[] Balances, IReadOnlyList<string> Failures)> ReadAsync(IGrainFactory grains, IReadOnlyList<string> accounts)
    {
        var failures = new List<string>();
        var balances = await Task.WhenAll(accounts.Select(async account =>
        {
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                try
                {
                    var view = await grains.ExecuteUseCaseAsync<AccountView>(nameof(GetAccount), new { accountId = account }).WaitAsync(ReadTimeout);
                    return view?.Balance;
                }
                catch (Exception error)
                {
                    lock (failures)
                    {
                        failures.Add(error is TimeoutException ? $"{nameof(TimeoutException)} (after {ReadTimeout.TotalSeconds:F0} s)" : error.GetType().Name);
                    }
                }
            }

            return (decimal?)null;
        }));
        return (balances, failures);
    }
}
