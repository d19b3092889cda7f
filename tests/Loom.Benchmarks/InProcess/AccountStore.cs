using System.Collections.Concurrent;
using Loom.Samples.Ledger;

namespace Loom.Benchmarks.InProcess;

/// <summary>The in-memory accounts every in-process variant reads and writes: the same data for all.</summary>
public sealed class AccountStore
{
    public ConcurrentDictionary<string, Account> Accounts { get; } = new();
}
