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
    /// Takes the lock of an unlocked entry: writes its value if the work changed it, else confirms it,
    /// checking the version either way.
    /// </summary>
    public abstract Task LockAsync();

    /// <summary>Locks the entity without writing it and throws <see cref="StaleEntity"/> when it is not at <see cref="Version"/>.</summary>
    public abstract Task ConfirmAsync();

    /// <summary>Brings the unique-field indexes in step with a write <see cref="LockAsync"/> stored.</summary>
    public abstract Task UpdateIndexesAsync();
}

/// <summary>One entity of type <typeparamref name="TEntity"/> a unit of work has read or written.</summary>
internal sealed class WorkspaceEntry<TEntity>(IGrainFactory grains, EntityKey key, TEntity? value, long version, bool locked)
    : WorkspaceEntry(key, version, locked)
    where TEntity : class
{
    private TEntity? _stored = value;
    private bool _indexesBehind;

    /// <summary>The value as the work sees it, including its own writes.</summary>
    public TEntity? Current { get; private set; } = value;

    /// <summary>Whether the work changed the entity and the change is not stored yet.</summary>
    public bool IsChanged { get; private set; }

    /// <inheritdoc />
    public override object? Value => Current;

    /// <inheritdoc />
    public override bool IsStored => IsLocked && !IsChanged;

    /// <summary>Records the work's change to an unlocked entity; it is stored when the entity is locked.</summary>
    public void Change(TEntity? value)
    {
        Current = value;
        IsChanged = true;
    }

    /// <summary>Records a write the work stored under the entity's lock.</summary>
    public void Stored(TEntity? value, long version)
    {
        Current = _stored = value;
        Version = version;
        IsLocked = true;
    }

    /// <inheritdoc />
    public override async Task LockAsync()
    {
        if (IsChanged)
        {
            Version = (await grains.GetGrain<IEntityGrain<TEntity>>(Key.Id).WriteAsync(Current, Version)).Version;
            _indexesBehind = true;
            IsChanged = false;
        }
        else
        {
            await ConfirmAsync();
        }

        IsLocked = true;
    }

    /// <inheritdoc />
    public override Task ConfirmAsync() => grains.GetGrain<IEntityGrain<TEntity>>(Key.Id).ConfirmAsync(Version);

    /// <inheritdoc />
    public override async Task UpdateIndexesAsync()
    {
        if (!_indexesBehind)
        {
            return;
        }

        await UniqueIndexes<TEntity>.UpdateAsync(grains, Key.Id, _stored, Current);
        _stored = Current;
        _indexesBehind = false;
    }
}
