using System.Collections.Concurrent;
using System.Diagnostics;
using Loom.Errors;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.Benchmarks.Recovery;

/// <summary>
/// Callers in parallel, each moving a random small amount between two random distinct accounts in a loop,
/// recording every call, every acknowledged transfer (whose notice job must then run) and, per account,
/// the sum of the deltas the cluster acknowledged. With <paramref name="keyed"/>, each transfer carries an
/// idempotency key, and a call whose outcome is unknown, or that gave up on conflicts, is sent again with
/// it until it is answered otherwise.
/// </summary>
public sealed class TransferLoad(IGrainFactory grains, IReadOnlyList<string> accounts, Stopwatch clock, bool keyed)
{
    // A caller whose call failed outright (a dead gateway answers at once) waits before the next one, as a
    // real client would; otherwise 64 callers spinning on failures would take the two cores from the silos.
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromMilliseconds(100);

    private readonly long[] _deltas = new long[accounts.Count];
    private readonly List<TransferCall> _calls = [];
    private readonly ConcurrentBag<TransferNotice> _acknowledged = [];
    private readonly ConcurrentDictionary<string, string> _firstMessages = new();
    private Task[] _callers = [];
    private int _inFlight;
    private int _leftUnknown;

    /// <summary>Calls started and never answered when <see cref="DrainAsync"/> gave up on them.</summary>
    public int Unanswered => Volatile.Read(ref _inFlight);

    public IReadOnlyList<TransferCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Transfers whose last call failed with an unknown outcome (every such call, without keys).</summary>
    public int LeftUnknown => Volatile.Read(ref _leftUnknown);

    /// <summary>The message of the first failure of each exception type, which tells where the call was stuck.</summary>
    public IReadOnlyDictionary<string, string> FirstMessages => _firstMessages;

    /// <summary>The notice each acknowledged transfer's job is to record.</summary>
    public IReadOnlyCollection<TransferNotice> Acknowledged => [.. _acknowledged];

    /// <summary>The acknowledged change of each account's balance, in the order of the accounts.</summary>
    public IReadOnlyList<long> Deltas => [.. Enumerable.Range(0, _deltas.Length).Select(i => Interlocked.Read(ref _deltas[i]))];

    public void Start(int callers, CancellationToken stop) =>
        _callers = [.. Enumerable.Range(0, callers).Select(caller => Task.Run(() => CallAsync(new Random(caller), stop)))];

    /// <summary>Waits for the calls in flight after <c>stop</c>, at most <paramref name="timeout"/>; true when all returned.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        var all = Task.WhenAll(_callers);
        return await Task.WhenAny(all, Task.Delay(timeout)) == all;
    }

    private async Task CallAsync(Random random, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var from = random.Next(accounts.Count);
            var to = (from + 1 + random.Next(accounts.Count - 1)) % accounts.Count;
            var amount = random.Next(1, 11);
            var key = keyed ? Guid.NewGuid().ToString("N") : null;
            TransferCall call;
            do
            {
                call = await CallOnceAsync(from, to, amount, key);
                if (!call.Acknowledged)
                {
                    await Task.Delay(PauseAfterFailure, CancellationToken.None);
                }
            }
            while (key is not null && MaySendAgain(call) && !stop.IsCancellationRequested);

            if (call.Ambiguous)
            {
                Interlocked.Increment(ref _leftUnknown);
            }
        }
    }

    /// <summary>
    /// Whether a keyed transfer is sent again after this call: its outcome is unknown, or the call gave up
    /// on conflicts while another call under the key, still in flight, may yet commit it.
    /// </summary>
    private static bool MaySendAgain(TransferCall call) => call.Ambiguous || call.Outcome == nameof(TransactionConflict);

    private async Task<TransferCall> CallOnceAsync(int from, int to, int amount, string? key)
    {
        Interlocked.Increment(ref _inFlight);
        var start = clock.Elapsed.TotalSeconds;
        string outcome;
        var ambiguous = false;
        try
        {
            var result = await grains.ExecuteUseCaseAsync<TransferResult>(
                nameof(Transfer),
                payload: new { fromAccountId = accounts[from], toAccountId = accounts[to], amount },
                idempotencyKey: key);
            _acknowledged.Add(new TransferNotice(result!.TransferId, accounts[from], accounts[to], amount));
            Interlocked.Add(ref _deltas[from], -amount);
            Interlocked.Add(ref _deltas[to], amount);
            outcome = TransferCall.Ok;
        }
        catch (LoomError error)
        {
            outcome = error.GetType().Name;
            _firstMessages.TryAdd(outcome, error.Message);
        }
        catch (Exception error)
        {
            outcome = error.GetType().Name;
            _firstMessages.TryAdd(outcome, error.Message);
            ambiguous = true;
        }

        var call = new TransferCall(start, clock.Elapsed.TotalSeconds, outcome, ambiguous);
        lock (_calls)
        {
            _calls.Add(call);
        }

        Interlocked.Decrement(ref _inFlight);
        return call;
    }
}
