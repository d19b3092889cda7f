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

    /// <summary>Whether the value is stored: the entry is locked and holds no change still to write.</summary>
    public abstract bool IsStored { get; }

    /// <summary>
    /// Takes the lock and stores the work's changes, checking the version: writes the value if the
    /// work changed it (again, if it changed while the write was under way), else confirms it.
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
    public override bool IsStored => IsLocked && !_changed;

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
}
