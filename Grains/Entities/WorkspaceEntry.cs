using Loom.UseCases;

namespace Loom.Entities;

/// <summary>One entity a unit of work has read or written.</summary>
internal abstract class WorkspaceEntry(EntityKey key, long version, bool locked)
{
    public EntityKey Key { get; } = key;

    /// <summary>The version the work last saw stored: what a write checks while the entity is unlocked.</summary>
    public long Version { get; protected set; } = version;

    /// <summary>Whether the transaction holds the entity's lock; until then the work's view of it is a snapshot.</summary>
    public bool IsLocked { get; protected set; } = locked;

    /// <summary>The current value as the work sees it, boxed, for the snapshot cache; never handed to the work itself.</summary>
    public abstract object? Value { get; }

    /// <summary>
    /// The idempotency receipt the work records on this entity, its anchor, when it stores its changes;
    /// null when it records none, or once it is recorded.
    /// </summary>
    public IdempotencyReceipt? Receipt { get; set; }

    /// <summary>The entity's grain, as the anchor it is for idempotency receipts.</summary>
    public abstract IIdempotencyAnchor Anchor { get; }

    /// <summary>Receipts the anchor handed over with the recording, to write to the table once the work has committed.</summary>
    public ReceiptBatch? ToMove { get; protected set; }

    /// <summary>Whether the value is stored: the entry is locked and holds no change or receipt still to write.</summary>
    public abstract bool IsStored { get; }

    /// <summary>
    /// Takes the lock and stores the work's changes and receipt, checking the version: writes the value
    /// if the work changed it (again, if it changed while the write was under way), else confirms it.
    /// Throws <see cref="AlreadyRecorded"/>, having written nothing, when the entity holds a receipt under
    /// the key of the one to record.
    /// </summary>
    public abstract Task StoreAsync();

    /// <summary>Locks the entity without writing it and throws <see cref="StaleEntity"/> when it is not at <see cref="Version"/>.</summary>
    public abstract Task ConfirmAsync();
}

/// <summary>One entity of type <typeparamref name="TEntity"/> a unit of work has read or written.</summary>
internal sealed class WorkspaceEntry<TEntity>(IEntityGrain<TEntity> grain, EntityKey key, TEntity? value, long version, bool locked)
    : WorkspaceEntry(key, version, locked)
    where TEntity : class
{
    private bool _changed;

    /// <summary>The value as the work sees it, including its own writes.</summary>
    public TEntity? Current { get; private set; } = value;

    /// <inheritdoc />
    public override object? Value => Current;

    /// <inheritdoc />
    public override IIdempotencyAnchor Anchor => grain;

    /// <inheritdoc />
    public override bool IsStored => IsLocked && !_changed && Receipt is null;

    /// <summary>Records the work's change to an unlocked entity; it is stored when the entity is locked.</summary>
    public void Change(TEntity? value)
    {
        Current = value;
        _changed = true;
    }

    /// <summary>Records a write the work stored under the entity's lock.</summary>
    public void Stored(TEntity? value, long version)
    {
        Current = value;
        Version = version;
        IsLocked = true;
    }

    /// <inheritdoc />
    public override async Task StoreAsync()
    {
        if (Receipt is { } receipt)
        {
            await RecordAsync(receipt);
        }

        if (!_changed && !IsLocked)
        {
            await ConfirmAsync();
            IsLocked = true;
        }

        while (_changed)
        {
            var writing = Current;
            _changed = false;
            Version = (await grain.WriteAsync(writing, Version)).Version;
            IsLocked = true;
        }
    }

    /// <inheritdoc />
    public override Task ConfirmAsync() => grain.ConfirmAsync(Version);

    /// <summary>Records the receipt with the work's change in one write, or on its own when the work changed nothing here.</summary>
    private async Task RecordAsync(IdempotencyReceipt receipt)
    {
        ReceiptRecording recording;
        if (_changed)
        {
            var writing = Current;
            _changed = false;
            var write = await grain.WriteAsync(writing, Version, receipt);
            recording = write.Recording!;
            Version = recording.Recorded is null ? write.Version : Version;
        }
        else
        {
            recording = await grain.RecordAsync(receipt, Version);
        }

        if (recording.Recorded is { } recorded)
        {
            throw new AlreadyRecorded(recorded);
        }

        ToMove = recording.ToMove;
        Receipt = null;
        IsLocked = true;
    }
}
