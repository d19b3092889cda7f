namespace Loom.Cluster;

/// <summary>
/// Moves work a dead silo held on to the survivors, told by <see cref="SiloDeathWatch"/> as soon as
/// membership declares the silo dead. Called on one survivor per death, and again after a second
/// when it throws (the dead silo's grains may take a moment to be placed again), so it must be
/// idempotent.
/// </summary>
internal interface ISiloDeathHandler
{
    /// <summary>What the handler does, for logs.</summary>
    string Name { get; }

    /// <summary>Moves on the work <paramref name="dead"/> may have held.</summary>
    Task OnSiloDeadAsync(SiloAddress dead, CancellationToken cancellationToken);
}
