using Loom.Hosting;
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
    ILogger<IdempotencySweeper> logger) : PeriodicSiloWork(time)
{
    private readonly IGrainStorage? _storage = services.GetService<IGrainStorage>();

    protected override TimeSpan Interval => options.Value.IdempotencySweepInterval;

    protected override bool CanRun => expiries.IsAvailable && _storage is not null;

    protected override async Task RunOnceAsync(CancellationToken stopping)
    {
        try
        {
            var deleted = await expiries.SweepAsync(key => DeleteIfExpiredAsync(_storage!, key), stopping);
            UseCaseExecutorLog.IdempotencySwept(logger, deleted);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            UseCaseExecutorLog.IdempotencySweepFailed(logger, error);
        }
    }

    private async Task DeleteIfExpiredAsync(IGrainStorage storage, string recordKey)
    {
        var grainId = grains.GetGrain<IIdempotencyGrain>(recordKey).GetGrainId();
        var state = new GrainState<TransactionalStateRecord<IdempotencyRecord>>();
        await storage.ReadStateAsync(IdempotencyGrain.StateName, grainId, state);
        if (state is { RecordExists: true, State: { } record } && record.PendingStates.Count == 0 && !(record.CommittedState.RecordedAt + options.Value.IdempotencyRetention > Time.GetUtcNow()))
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
