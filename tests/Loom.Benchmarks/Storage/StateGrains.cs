namespace Loom.Benchmarks.Storage;

public interface IStateGrain : IGrainWithIntegerKey
{
    Task WriteAsync(int value);

    /// <summary>Reads the state from storage, not from the activation's copy.</summary>
    Task<int> ReadAsync();
}

[GenerateSerializer]
public sealed class BenchState
{
    [Id(0)] public int Value { get; set; }

    [Id(1)] public byte[] Payload { get; set; } = [];
}

/// <summary>A grain whose only work is its state: each write and read goes to its storage provider.</summary>
public abstract class StateGrain(IPersistentState<BenchState> state) : Grain, IStateGrain
{
    private static readonly byte[] Payload = new byte[200];

    public Task WriteAsync(int value)
    {
        state.State.Value = value;
        state.State.Payload = Payload;
        return state.WriteStateAsync();
    }

    public async Task<int> ReadAsync()
    {
        await state.ReadStateAsync();
        return state.State.Value;
    }
}

public sealed class OrleansMemoryStateGrain([PersistentState("s", StorageNames.OrleansMemory)] IPersistentState<BenchState> state) : StateGrain(state);

public sealed class LoomMemoryStateGrain([PersistentState("s", StorageNames.LoomMemory)] IPersistentState<BenchState> state) : StateGrain(state);

public sealed class SqliteNormalStateGrain([PersistentState("s", StorageNames.SqliteNormal)] IPersistentState<BenchState> state) : StateGrain(state);

public sealed class SqliteFullStateGrain([PersistentState("s", StorageNames.SqliteFull)] IPersistentState<BenchState> state) : StateGrain(state);

public sealed class AzuriteStateGrain([PersistentState("s", StorageNames.Azurite)] IPersistentState<BenchState> state) : StateGrain(state);

public static class StorageNames
{
    public const string OrleansMemory = "orleans-memory";
    public const string LoomMemory = "loom-memory";
    public const string SqliteNormal = "sqlite-normal";
    public const string SqliteFull = "sqlite-full";
    public const string Azurite = "azurite";
}
