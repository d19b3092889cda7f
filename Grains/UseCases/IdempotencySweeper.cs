using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Orleans.Transactions;

namespace Loom.UseCases;

/// <summary>
/// Deletes idempotency records once their retention has passed, every
/// <see cref="UseCaseOptions.IdempotencySweepInterval"/> while the silo is active: each record the
/// <see cref="IdempotencyExpiries"/> list as due is read from grain storage and deleted, unless a later
/// execution under its key recorded it again. Every silo sweeps; two sweeps of one record delete it once.
/// </summary>
internal sealed class IdempotencySweeper(
    IdempotencyExpiries expiries,
    IGrainFactory grains,
    IServiceProvider services,
    IOptions<UseCaseOptions> options,
    TimeProvider time,
    ILogger<IdempotencySweeper> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(IdempotencySweeper), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        if (expiries.IsAvailable && services.GetService<IGrainStorage>() is { } storage)
        {
            _loop = SweepAsync(storage);
        }

        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
    }

    private async Task SweepAsync(IGrainStorage storage)
    {
        using var timer = new PeriodicTimer(options.Value.IdempotencySweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    var deleted = await expiries.SweepAsync(key => DeleteIfExpiredAsync(storage, key), _stopping.Token);
                    UseCaseExecutorLog.IdempotencySwept(logger, deleted);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    UseCaseExecutorLog.IdempotencySweepFailed(logger, error);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }

    private async Task DeleteIfExpiredAsync(IGrainStorage storage, string recordKey)
    {
        var grainId = grains.GetGrain<IIdempotencyGrain>(recordKey).GetGrainId();
        var state = new GrainState<TransactionalStateRecord<IdempotencyRecord>>();
        await storage.ReadStateAsync(IdempotencyGrain.StateName, grainId, state);
        if (state is { RecordExists: true, State: { } record } && record.PendingStates.Count == 0 && !(record.CommittedState.RecordedAt + options.Value.IdempotencyRetention > time.GetUtcNow()))
        {
            try
            {
                await storage.ClearStateAsync(IdempotencyGrain.StateName, grainId, state);
            }
            catch (InconsistentStateException)
            {
                // Recorded again, or deleted by another silo, since it was read: the next sweep of it decides.
            }
        }
    }
}
