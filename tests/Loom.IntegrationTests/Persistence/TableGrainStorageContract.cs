using Loom.Errors;
using Loom.Silo.Persistence;
using Loom.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Loom.IntegrationTests.Persistence;

/// <summary>
/// What Loom's grain storage owes Orleans, on each table adapter: the ground of Orleans' own grain
/// storage test kit (read missing, write/read, duplicate and stale writes refused, clear, ETags,
/// string/integer/Cyrillic keys, parallel grains, random operation sequences checked against a
/// model) plus reversible row addressing, large states, the 1 MiB refusal and version tolerance.
/// </summary>
public abstract class TableGrainStorageContract
{
    private static readonly ServiceProvider Serialization = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private static int s_tables;

    /// <summary>The adapter under test.</summary>
    protected abstract ITableStoreFactory Factory { get; }

    private async Task<(TableGrainStorage Storage, ITableStore Table)> OpenAsync(string serviceId = "loom-tests")
    {
        var options = new TableGrainStorageOptions
        {
            TableName = $"g{Environment.ProcessId}x{Interlocked.Increment(ref s_tables)}",
            GrainStorageSerializer = new OrleansGrainStorageSerializer(Serialization.GetRequiredService<Serializer>()),
        };
        var storage = new TableGrainStorage("test", options, new ClusterOptions { ServiceId = serviceId, ClusterId = "c" }, Factory,
            Serialization.GetRequiredService<IActivatorProvider>(), NullLogger<TableGrainStorage>.Instance);
        await StartAsync(storage);
        return (storage, await Factory.OpenAsync(options.TableName));
    }

    private static async Task StartAsync(TableGrainStorage storage)
    {
        var lifecycle = new StartedLifecycle();
        storage.Participate(lifecycle);
        await lifecycle.StartAsync();
    }

    private static GrainId Grain(string key) => GrainId.Create("counter", key);

    private static StateCell<T> Fresh<T>() where T : new() => new();

    [Fact]
    public async Task Reading_a_state_never_written_gives_a_new_state_and_no_record()
    {
        var (storage, _) = await OpenAsync();
        var state = new StateCell<CounterState> { State = null! };

        await storage.ReadStateAsync("s", Grain("nobody"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State.Value);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("Кириллица")]
    [InlineData("a/b#c?d\\e%f|g")]
    [InlineData("12345")]
    public async Task Written_state_reads_back_with_its_etag(string key)
    {
        var (storage, _) = await OpenAsync();
        var written = Fresh<CounterState>();
        written.State.Value = 42;
        written.State.Name = key;

        await storage.WriteStateAsync("s", Grain(key), written);
        var read = Fresh<CounterState>();
        await storage.ReadStateAsync("s", Grain(key), read);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.Equal((42, key, written.ETag, true), (read.State.Value, read.State.Name, read.ETag, read.RecordExists));
    }

    [Fact]
    public async Task Integer_and_guid_keyed_grains_have_their_own_rows()
    {
        var (storage, _) = await OpenAsync();
        var type = GrainType.Create("counter");
        var ids = new[] { GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(7)), GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid())), GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(7, "ext")) };
        for (var i = 0; i < ids.Length; i++)
        {
            var state = Fresh<CounterState>();
            state.State.Value = i;
            await storage.WriteStateAsync("s", ids[i], state);
        }

        for (var i = 0; i < ids.Length; i++)
        {
            var read = Fresh<CounterState>();
            await storage.ReadStateAsync("s", ids[i], read);
            Assert.Equal(i, read.State.Value);
        }
    }

    [Fact]
    public async Task Each_etag_is_new_and_a_write_with_the_old_one_is_refused()
    {
        var (storage, _) = await OpenAsync();
        var state = Fresh<CounterState>();
        await storage.WriteStateAsync("s", Grain("g"), state);
        var first = state.ETag;
        await storage.WriteStateAsync("s", Grain("g"), state);
        var second = state.ETag;

        var stale = Fresh<CounterState>();
        stale.ETag = first;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", Grain("g"), stale));

        Assert.NotEqual(first, second);
        Assert.Equal(first, error.CurrentEtag);
        Assert.IsType<TableConflict>(error.InnerException);
    }

    [Fact]
    public async Task A_second_first_write_is_refused_as_a_duplicate()
    {
        var (storage, _) = await OpenAsync();
        await storage.WriteStateAsync("s", Grain("g"), Fresh<CounterState>());

        var duplicate = Fresh<CounterState>();
        duplicate.State.Value = 9;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", Grain("g"), duplicate));

        var read = Fresh<CounterState>();
        await storage.ReadStateAsync("s", Grain("g"), read);
        Assert.Equal(0, read.State.Value);
    }

    [Fact]
    public async Task Clearing_deletes_the_row_and_the_state_can_be_written_again()
    {
        var (storage, table) = await OpenAsync();
        var state = Fresh<CounterState>();
        state.State.Value = 5;
        await storage.WriteStateAsync("s", Grain("g"), state);

        await storage.ClearStateAsync("s", Grain("g"), state);

        Assert.Equal((null, false, 0), (state.ETag, state.RecordExists, state.State.Value));
        Assert.Empty(await table.QueryAllAsync(new TableQuery(GrainStateRow.PartitionKey("loom-tests", Grain("g")))).ToListAsync());
        var read = Fresh<CounterState>();
        await storage.ReadStateAsync("s", Grain("g"), read);
        Assert.False(read.RecordExists);

        state.State.Value = 6;
        await storage.WriteStateAsync("s", Grain("g"), state);
        await storage.ReadStateAsync("s", Grain("g"), read);
        Assert.Equal(6, read.State.Value);
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_is_refused_and_keeps_the_newer_state()
    {
        var (storage, _) = await OpenAsync();
        var mine = Fresh<CounterState>();
        await storage.WriteStateAsync("s", Grain("g"), mine);
        var theirs = Fresh<CounterState>();
        await storage.ReadStateAsync("s", Grain("g"), theirs);
        theirs.State.Value = 2;
        await storage.WriteStateAsync("s", Grain("g"), theirs);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("s", Grain("g"), mine));
        var unaware = Fresh<CounterState>();
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("s", Grain("g"), unaware));

        var read = Fresh<CounterState>();
        await storage.ReadStateAsync("s", Grain("g"), read);
        Assert.Equal(2, read.State.Value);
    }

    [Fact]
    public async Task Grain_types_keys_state_names_and_services_never_share_a_row()
    {
        var (storage, table) = await OpenAsync();
        var (other, _) = await OpenAsync("other-service");
        var collidingForLossyEscaping = new (TableGrainStorage Storage, string StateName, GrainId Grain)[]
        {
            (storage, "s", GrainId.Create("counter", "a/b")),
            (storage, "s", GrainId.Create("counter", "a_b")),
            (storage, "s", GrainId.Create("counter", "a|b")),
            (storage, "s", GrainId.Create("counter.x", "b")),
            (storage, "s/t", GrainId.Create("counter", "a_b")),
            (storage, "s_t", GrainId.Create("counter", "a_b")),
            (other, "s", GrainId.Create("counter", "a/b")),
        };
        for (var i = 0; i < collidingForLossyEscaping.Length; i++)
        {
            var (owner, stateName, grain) = collidingForLossyEscaping[i];
            var state = Fresh<CounterState>();
            state.State.Value = i;
            await owner.WriteStateAsync(stateName, grain, state);
        }

        for (var i = 0; i < collidingForLossyEscaping.Length; i++)
        {
            var (owner, stateName, grain) = collidingForLossyEscaping[i];
            var read = Fresh<CounterState>();
            await owner.ReadStateAsync(stateName, grain, read);
            Assert.Equal(i, read.State.Value);
        }

        var row = (await table.QueryAllAsync(new TableQuery(GrainStateRow.PartitionKey("loom-tests", GrainId.Create("counter", "a|b")))).SingleAsync());
        Assert.Equal(("loom-tests", GrainId.Create("counter", "a|b"), "s"), GrainStateRow.Parse(row.PartitionKey, row.RowKey));
    }

    [Fact]
    public async Task States_over_64_KiB_are_split_across_properties_and_read_back_whole()
    {
        var (storage, table) = await OpenAsync();
        var state = Fresh<CounterState>();
        state.State.Payload = Enumerable.Range(0, 900_000).Select(i => (byte)(i * 31)).ToArray();

        await storage.WriteStateAsync("big", Grain("g"), state);
        var read = Fresh<CounterState>();
        await storage.ReadStateAsync("big", Grain("g"), read);

        Assert.Equal(state.State.Payload, read.State.Payload);
        var row = await table.GetAsync(GrainStateRow.PartitionKey("loom-tests", Grain("g")), GrainStateRow.RowKey("big"));
        Assert.True(row!.Properties.Count >= 14);
    }

    [Fact]
    public async Task States_over_1_MiB_are_refused_with_the_grain_named_and_the_stored_state_kept()
    {
        var (storage, _) = await OpenAsync();
        var state = Fresh<CounterState>();
        state.State.Value = 1;
        await storage.WriteStateAsync("s", Grain("g"), state);
        state.State.Payload = new byte[1_100_000];

        var error = await Assert.ThrowsAsync<TableLimitExceeded>(() => storage.WriteStateAsync("s", Grain("g"), state));

        Assert.Equal(TableLimit.EntitySize, error.Limit);
        Assert.Contains("counter/g", error.Detail, StringComparison.Ordinal);
        Assert.Contains("'s'", error.Detail, StringComparison.Ordinal);
        var read = Fresh<CounterState>();
        await storage.ReadStateAsync("s", Grain("g"), read);
        Assert.Equal((1, 0), (read.State.Value, read.State.Payload.Length));
    }

    [Fact]
    public async Task A_state_written_by_one_version_reads_in_the_next()
    {
        var (storage, _) = await OpenAsync();
        var old = Fresh<CounterState>();
        old.State.Value = 41;
        old.State.Name = "dropped in v2";
        await storage.WriteStateAsync("s", Grain("g"), old);

        var next = Fresh<CounterStateV2>();
        await storage.ReadStateAsync("s", Grain("g"), next);
        next.State.Value++;
        next.State.Tags.Add("new");
        await storage.WriteStateAsync("s", Grain("g"), next);
        var back = Fresh<CounterStateV2>();
        await storage.ReadStateAsync("s", Grain("g"), back);

        Assert.Equal(41, next.State.Value - 1);
        Assert.Equal((42, "new"), (back.State.Value, back.State.Tags.Single()));
    }

    [Fact]
    public async Task Many_grains_written_and_read_in_parallel_keep_their_own_state()
    {
        var (storage, _) = await OpenAsync();
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var state = Fresh<CounterState>();
            for (var round = 1; round <= 3; round++)
            {
                state.State.Value = (i * 10) + round;
                await storage.WriteStateAsync("s", Grain($"p{i}"), state);
            }
        })));

        var values = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var read = Fresh<CounterState>();
            await storage.ReadStateAsync("s", Grain($"p{i}"), read);
            return read.State.Value;
        }));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => (i * 10) + 3), values);
    }

    [Fact]
    public async Task Random_sequences_of_two_activations_match_a_model_of_etag_semantics()
    {
        var (storage, _) = await OpenAsync();
        var random = new Random(7);
        for (var sequence = 0; sequence < 20; sequence++)
        {
            var grain = Grain($"model{sequence}");
            var activations = new[] { Fresh<CounterState>(), Fresh<CounterState>() };

            // The model: the stored version (null when no row) and the version each activation last saw.
            int? stored = null;
            var storedValue = 0;
            var versions = 0;
            var seen = new int?[2];
            for (var step = 0; step < 12; step++)
            {
                var who = random.Next(2);
                var activation = activations[who];
                var operation = random.Next(3);
                if (operation == 0)
                {
                    await storage.ReadStateAsync("s", grain, activation);
                    seen[who] = stored;
                    Assert.Equal((stored is null ? 0 : storedValue, stored is not null), (activation.State.Value, activation.RecordExists));
                    continue;
                }

                activation.State.Value = random.Next(1, 1000);
                var change = operation == 1 ? storage.WriteStateAsync("s", grain, activation) : storage.ClearStateAsync("s", grain, activation);
                if (seen[who] != stored)
                {
                    await Assert.ThrowsAsync<InconsistentStateException>(() => change);
                    continue;
                }

                await change;
                stored = operation == 1 ? ++versions : null;
                storedValue = activation.State.Value;
                seen[who] = stored;
            }
        }
    }
}
