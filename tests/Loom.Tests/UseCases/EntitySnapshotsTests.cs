using Loom.Entities;
using Loom.UseCases;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Loom.Tests.UseCases;

public sealed class EntitySnapshotsTests
{
    private static readonly EntityKey Key = new("Shop.Widget", "w1");

    [Fact]
    public void Keeps_the_latest_committed_version_of_an_entity()
    {
        var snapshots = Create(capacity: 10);

        snapshots.Publish(Key, "v2", 2);
        snapshots.Publish(Key, "v1", 1);

        Assert.True(snapshots.TryGet(Key, out var kept));
        Assert.Equal(("v2", 2L), (kept.Value, kept.Version));
        Assert.False(snapshots.TryGet(Key with { Id = "w2" }, out _));
    }

    [Fact]
    public void Forgets_a_deleted_entity()
    {
        var snapshots = Create(capacity: 10);
        snapshots.Publish(Key, "v1", 1);

        snapshots.Forget(Key);

        Assert.False(snapshots.TryGet(Key, out _));
    }

    [Fact]
    public void Serves_no_snapshot_of_a_contended_entity_and_keeps_none_published_for_it()
    {
        var snapshots = Create(capacity: 10);
        snapshots.Publish(Key, "v1", 1);

        snapshots.Stale(Key);
        snapshots.Publish(Key, "v2", 2);

        Assert.False(snapshots.TryGet(Key, out _));
    }

    [Fact]
    public void Keeps_snapshots_of_a_contended_entity_again_once_its_pause_has_passed()
    {
        var time = new FakeTimeProvider();
        var snapshots = Create(capacity: 10, time);
        snapshots.Stale(Key);

        time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1));
        snapshots.Publish(Key, "v1", 1);
        Assert.False(snapshots.TryGet(Key, out _));

        time.Advance(TimeSpan.FromMilliseconds(1));
        snapshots.Publish(Key, "v2", 2);
        Assert.True(snapshots.TryGet(Key, out var kept));
        Assert.Equal("v2", kept.Value);
    }

    [Fact]
    public void Holds_at_most_its_capacity_and_keeps_what_was_published_last()
    {
        var snapshots = Create(capacity: 20);

        for (var i = 0; i < 100; i++)
        {
            snapshots.Publish(Key with { Id = $"w{i}" }, $"v{i}", 1);
        }

        var kept = Enumerable.Range(0, 100).Count(i => snapshots.TryGet(Key with { Id = $"w{i}" }, out _));
        Assert.InRange(kept, 1, 20);
        Assert.True(snapshots.TryGet(Key with { Id = "w99" }, out var last));
        Assert.Equal("v99", last.Value);
    }

    [Fact]
    public void Keeps_the_latest_version_when_publishes_race()
    {
        var snapshots = Create(capacity: 10);

        Parallel.For(1, 2_001, version => snapshots.Publish(Key, $"v{version}", version));

        Assert.True(snapshots.TryGet(Key, out var kept));
        Assert.Equal(("v2000", 2000L), (kept.Value, kept.Version));
    }

    [Fact]
    public void Keeps_nothing_when_its_capacity_is_zero()
    {
        var snapshots = Create(capacity: 0);

        snapshots.Publish(Key, "v1", 1);

        Assert.False(snapshots.TryGet(Key, out _));
    }

    [Fact]
    public void Orders_keys_by_type_then_id_ordinally_as_locks_are_taken()
    {
        EntityKey[] keys = [new("b.Order", "1"), new("a.Widget", "b"), new("a.Widget", "B"), new("a.Widget", "a")];

        Assert.Equal([new("a.Widget", "B"), new("a.Widget", "a"), new("a.Widget", "b"), new("b.Order", "1")], keys.Order());
    }

    [Fact]
    public void Serves_none_for_a_while_once_more_than_a_third_of_32_proved_stale()
    {
        var time = new FakeTimeProvider();
        var snapshots = Create(capacity: 1_000, time);
        snapshots.Publish(Key, "v1", 1);

        snapshots.Confirmed(21);
        ReportStale(snapshots, 11);

        Assert.False(snapshots.TryGet(Key, out _));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(snapshots.TryGet(Key, out _));
    }

    [Fact]
    public void Keeps_serving_while_at_most_a_third_proved_stale()
    {
        var snapshots = Create(capacity: 1_000, new FakeTimeProvider());
        snapshots.Publish(Key, "v1", 1);

        snapshots.Confirmed(22);
        ReportStale(snapshots, 10);

        Assert.True(snapshots.TryGet(Key, out _));
    }

    [Fact]
    public void Pauses_twice_as_long_while_each_window_after_a_pause_is_still_too_stale()
    {
        var time = new FakeTimeProvider();
        var snapshots = Create(capacity: 1_000, time);
        snapshots.Publish(Key, "v1", 1);

        for (var pause = 1; pause <= 4; pause *= 2)
        {
            ReportStale(snapshots, 32);

            time.Advance(TimeSpan.FromSeconds(pause) - TimeSpan.FromMilliseconds(1));
            Assert.False(snapshots.TryGet(Key, out _));
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(snapshots.TryGet(Key, out _));
        }

        snapshots.Confirmed(32);
        ReportStale(snapshots, 32);

        Assert.False(snapshots.TryGet(Key, out _));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(snapshots.TryGet(Key, out _));
    }

    /// <summary>Reports that many other entities stale, leaving <see cref="Key"/> served while there is room for their markers.</summary>
    private static void ReportStale(EntitySnapshots snapshots, int count)
    {
        for (var i = 0; i < count; i++)
        {
            snapshots.Stale(Key with { Id = $"other-{i}" });
        }
    }

    private static EntitySnapshots Create(int capacity, TimeProvider? time = null) =>
        new(Options.Create(new UseCaseOptions { EntitySnapshotCapacity = capacity }), time ?? TimeProvider.System);
}
