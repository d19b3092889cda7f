using System.Collections.Concurrent;

namespace Loom.UseCases;

/// <summary>
/// Crashes on demand, for tests: a call armed here (by its idempotency key) commits and then never
/// answers, so that a test can kill its silo between the commit and the answer, as a crash would.
/// A held answer fails in the silo's last stopping stage, once no gateway connection is left to carry it
/// (a held call would otherwise keep the silo from stopping).
/// </summary>
public sealed class UseCaseFailpoints : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Makes the next call with <paramref name="idempotencyKey"/> hold its answer after the commit, once.</summary>
    public void HoldAnswerOnce(string idempotencyKey) =>
        _holds[idempotencyKey] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Disarms <paramref name="idempotencyKey"/> if no call has held its answer yet.</summary>
    public void Disarm(string idempotencyKey) => _holds.TryRemove(idempotencyKey, out _);

    /// <summary>Completes once a call armed with <paramref name="idempotencyKey"/> has committed and is holding its answer.</summary>
    public Task WhenHolding(string idempotencyKey) => _holds.TryGetValue(idempotencyKey, out var holding) ? holding.Task : Task.CompletedTask;

    /// <summary>Holds the answer for good when the call was armed; disarms it.</summary>
    internal Task BeforeAnswerAsync(string idempotencyKey)
    {
        if (!_holds.TryRemove(idempotencyKey, out var holding))
        {
            return Task.CompletedTask;
        }

        holding.TrySetResult();
        return Task.Delay(Timeout.Infinite, _stopping.Token);
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(UseCaseFailpoints), ServiceLifecycleStage.RuntimeInitialize, _ => Task.CompletedTask, _ => _stopping.CancelAsync());
}
