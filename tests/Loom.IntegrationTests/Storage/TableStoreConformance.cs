using Loom.Errors;
using Loom.Storage;

namespace Loom.IntegrationTests.Storage;

/// <summary>
/// The behaviour every <see cref="ITableStore"/> adapter owes its callers, run against each adapter
/// by a subclass that says how to open its tables. Each test opens fresh tables.
/// </summary>
public abstract class TableStoreConformance
{
    private static int s_tables;

    /// <summary>The adapter's factory; a subclass may return the same one every time.</summary>
    protected abstract ITableStoreFactory Factory { get; }

    private ValueTask<ITableStore> NewTableAsync() => Factory.OpenAsync($"t{Environment.ProcessId}x{Interlocked.Increment(ref s_tables)}");

    private static TableRow Row(string partition, string row, params (string Name, object Value)[] properties) =>
        new(partition, row, properties.ToDictionary(p => p.Name, p => p.Value));

    [Fact]
    public async Task Every_property_type_round_trips()
    {
        var table = await NewTableAsync();
        var when = new DateTimeOffset(2026, 11, 23, 4, 5, 6, 789, TimeSpan.Zero);
        var id = Guid.NewGuid();
        var eTag = await table.InsertAsync(Row("p", "r",
            ("Text", "héllo"), ("Bytes", new byte[] { 0, 1, 255 }), ("Flag", true), ("Small", 42), ("Big", 1L << 40),
            ("Real", 2.5), ("Id", id), ("When", when), ("Empty", "")));

        var read = await table.GetAsync("p", "r");

        Assert.NotNull(read);
        Assert.Equal(eTag, read.ETag);
        Assert.Equal("héllo", read.Get<string>("Text"));
        Assert.Equal(new byte[] { 0, 1, 255 }, read.Get<byte[]>("Bytes"));
        Assert.True(read.Get<bool>("Flag"));
        Assert.Equal(42, read.Get<int>("Small"));
        Assert.Equal(1L << 40, read.Get<long>("Big"));
        Assert.Equal(2.5, read.Get<double>("Real"));
        Assert.Equal(id, read.Get<Guid>("Id"));
        Assert.Equal(when, read.Get<DateTimeOffset>("When"));
        Assert.Equal("", read.Get<string>("Empty"));
        Assert.Equal(9, read.Properties.Count);
    }

    [Fact]
    public async Task A_missing_row_reads_as_null()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(Row("p", "a"));

        Assert.Null(await table.GetAsync("p", "b"));
        Assert.Null(await table.GetAsync("q", "a"));
    }

    [Fact]
    public async Task Tables_are_independent()
    {
        var first = await NewTableAsync();
        var second = await NewTableAsync();
        await first.InsertAsync(Row("p", "r", ("V", 1)));

        Assert.Null(await second.GetAsync("p", "r"));
        await second.InsertAsync(Row("p", "r", ("V", 2)));
        Assert.Equal(1, (await first.GetAsync("p", "r"))!.Get<int>("V"));
    }

    [Fact]
    public async Task Inserting_an_existing_row_is_a_conflict_that_leaves_it_untouched()
    {
        var table = await NewTableAsync();
        var eTag = await table.InsertAsync(Row("p", "r", ("V", 1)));

        var conflict = await Assert.ThrowsAsync<TableConflict>(async () => await table.InsertAsync(Row("p", "r", ("V", 2))));

        Assert.Equal(TableConflictReason.AlreadyExists, conflict.Reason);
        Assert.Equal(("p", "r", table.Name), (conflict.PartitionKey, conflict.RowKey, conflict.Table));
        Assert.Null(conflict.OperationIndex);
        var stored = await table.GetAsync("p", "r");
        Assert.Equal((1, eTag), (stored!.Get<int>("V"), stored.ETag));
    }

    [Fact]
    public async Task Upsert_creates_then_overwrites_with_a_new_etag()
    {
        var table = await NewTableAsync();
        var first = await table.UpsertAsync(Row("p", "r", ("V", 1), ("Gone", "x")));
        var second = await table.UpsertAsync(Row("p", "r", ("V", 2)));

        var stored = await table.GetAsync("p", "r");

        Assert.NotEqual(first, second);
        Assert.Equal(second, stored!.ETag);
        Assert.Equal(2, stored.Get<int>("V"));
        Assert.False(stored.Properties.ContainsKey("Gone"));
    }

    [Fact]
    public async Task Replace_needs_the_current_etag()
    {
        var table = await NewTableAsync();
        var original = await table.InsertAsync(Row("p", "r", ("V", 1)));
        var current = await table.ReplaceAsync(Row("p", "r", ("V", 2)), original);

        var stale = await Assert.ThrowsAsync<TableConflict>(async () => await table.ReplaceAsync(Row("p", "r", ("V", 3)), original));
        var missing = await Assert.ThrowsAsync<TableConflict>(async () => await table.ReplaceAsync(Row("p", "nobody", ("V", 3)), original));
        var forced = await table.ReplaceAsync(Row("p", "r", ("V", 4)), TableOperation.AnyETag);

        Assert.Equal(TableConflictReason.ETagMismatch, stale.Reason);
        Assert.Equal(TableConflictReason.NotFound, missing.Reason);
        Assert.NotEqual(current, forced);
        Assert.Equal(4, (await table.GetAsync("p", "r"))!.Get<int>("V"));
        Assert.Null(await table.GetAsync("p", "nobody"));
    }

    [Fact]
    public async Task Delete_needs_the_current_etag_and_an_existing_row()
    {
        var table = await NewTableAsync();
        var original = await table.InsertAsync(Row("p", "r", ("V", 1)));
        var current = await table.ReplaceAsync(Row("p", "r", ("V", 2)), original);

        var stale = await Assert.ThrowsAsync<TableConflict>(async () => await table.DeleteAsync("p", "r", original));
        Assert.Equal(TableConflictReason.ETagMismatch, stale.Reason);
        Assert.NotNull(await table.GetAsync("p", "r"));

        await table.DeleteAsync("p", "r", current);
        Assert.Null(await table.GetAsync("p", "r"));

        var missing = await Assert.ThrowsAsync<TableConflict>(async () => await table.DeleteAsync("p", "r", TableOperation.AnyETag));
        Assert.Equal(TableConflictReason.NotFound, missing.Reason);
    }

    [Fact]
    public async Task A_batch_applies_every_kind_of_write_and_returns_each_etag()
    {
        var table = await NewTableAsync();
        var replaced = await table.InsertAsync(Row("p", "replace", ("V", 1)));
        var deleted = await table.InsertAsync(Row("p", "delete", ("V", 1)));
        await table.InsertAsync(Row("p", "upsert", ("V", 1)));

        var eTags = await table.ExecuteBatchAsync(
        [
            TableOperation.Insert(Row("p", "insert", ("V", 2))),
            TableOperation.Upsert(Row("p", "upsert", ("V", 2))),
            TableOperation.Replace(Row("p", "replace", ("V", 2)), replaced),
            TableOperation.Delete("p", "delete", deleted),
        ]);

        Assert.Equal(4, eTags.Count);
        Assert.Null(eTags[3]);
        foreach (var (key, eTag) in new[] { "insert", "upsert", "replace" }.Zip(eTags))
        {
            var stored = await table.GetAsync("p", key);
            Assert.Equal((2, eTag), (stored!.Get<int>("V"), stored.ETag));
        }

        Assert.Null(await table.GetAsync("p", "delete"));
    }

    [Fact]
    public async Task One_refused_operation_applies_none_of_its_batch()
    {
        var table = await NewTableAsync();
        var existing = await table.InsertAsync(Row("p", "b", ("V", 1)));
        await table.InsertAsync(Row("p", "d", ("V", 1)));

        var conflict = await Assert.ThrowsAsync<TableConflict>(async () => await table.ExecuteBatchAsync(
        [
            TableOperation.Insert(Row("p", "a", ("V", 2))),
            TableOperation.Replace(Row("p", "b", ("V", 2)), existing),
            TableOperation.Insert(Row("p", "d", ("V", 2))),
            TableOperation.Upsert(Row("p", "e", ("V", 2))),
        ]));

        Assert.Equal((TableConflictReason.AlreadyExists, 2, "d"), (conflict.Reason, conflict.OperationIndex, conflict.RowKey));
        Assert.Null(await table.GetAsync("p", "a"));
        Assert.Null(await table.GetAsync("p", "e"));
        var untouched = await table.GetAsync("p", "b");
        Assert.Equal((1, existing), (untouched!.Get<int>("V"), untouched.ETag));
    }

    [Fact]
    public async Task A_stale_etag_in_a_batch_names_its_operation()
    {
        var table = await NewTableAsync();
        var stale = await table.InsertAsync(Row("p", "r", ("V", 1)));
        await table.UpsertAsync(Row("p", "r", ("V", 2)));

        var conflict = await Assert.ThrowsAsync<TableConflict>(async () => await table.ExecuteBatchAsync(
        [
            TableOperation.Insert(Row("p", "new", ("V", 1))),
            TableOperation.Delete("p", "r", stale),
        ]));

        Assert.Equal((TableConflictReason.ETagMismatch, 1), (conflict.Reason, conflict.OperationIndex));
        Assert.Null(await table.GetAsync("p", "new"));
    }

    [Fact]
    public async Task Batches_over_100_across_partitions_empty_or_touching_a_row_twice_are_refused_before_any_write()
    {
        var table = await NewTableAsync();
        var tooMany = Enumerable.Range(0, 101).Select(i => TableOperation.Insert(Row("p", $"r{i:D3}"))).ToList();
        var twoPartitions = new[] { TableOperation.Insert(Row("p", "a")), TableOperation.Insert(Row("q", "b")) };
        var sameRowTwice = new[] { TableOperation.Insert(Row("p", "a")), TableOperation.Upsert(Row("p", "a")) };

        var size = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.ExecuteBatchAsync(tooMany));
        var empty = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.ExecuteBatchAsync([]));
        var partition = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.ExecuteBatchAsync(twoPartitions));
        var duplicate = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.ExecuteBatchAsync(sameRowTwice));

        Assert.Equal(TableLimit.BatchSize, size.Limit);
        Assert.Contains("101", size.Message, StringComparison.Ordinal);
        Assert.Equal(TableLimit.BatchSize, empty.Limit);
        Assert.Equal((TableLimit.BatchPartition, "q"), (partition.Limit, partition.PartitionKey));
        Assert.Equal((TableLimit.BatchDuplicateRow, "a"), (duplicate.Limit, duplicate.RowKey));
        Assert.Empty((await table.QueryAsync(new TableQuery("p"))).Rows);
        Assert.Empty((await table.QueryAsync(new TableQuery("q"))).Rows);
    }

    [Fact]
    public async Task A_batch_carrying_more_than_4_MiB_is_refused_before_any_write()
    {
        var table = await NewTableAsync();
        var chunk = new byte[60 * 1024];
        // 12 × 60 KiB of binary is 960 KiB as base64 on the wire: four such rows fit in 4 MiB, five do not.
        var heavy = Enumerable.Range(0, 5).Select(i => TableOperation.Insert(Row("p", $"r{i}", Enumerable.Range(0, 12).Select(c => ($"C{c}", (object)chunk)).ToArray()))).ToList();

        var error = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.ExecuteBatchAsync(heavy));
        await table.ExecuteBatchAsync(heavy.Take(4).ToList());

        Assert.Equal((TableLimit.BatchBytes, "r4"), (error.Limit, error.RowKey));
        Assert.Equal(4, (await table.QueryAsync(new TableQuery("p"))).Rows.Count);
    }

    [Fact]
    public async Task A_batch_of_exactly_100_is_accepted()
    {
        var table = await NewTableAsync();
        var eTags = await table.ExecuteBatchAsync(Enumerable.Range(0, 100).Select(i => TableOperation.Insert(Row("p", $"r{i:D3}", ("V", i)))).ToList());

        Assert.Equal(100, eTags.Count);
        Assert.Equal(100, (await table.QueryAsync(new TableQuery("p"))).Rows.Count);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\tb")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")]
    public async Task Keys_with_characters_azure_refuses_are_refused_everywhere(string key)
    {
        var table = await NewTableAsync();

        var asPartition = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.InsertAsync(Row(key, "r")));
        var asRow = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.UpsertAsync(Row("p", key)));
        var onRead = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.GetAsync("p", key));
        var onQuery = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.QueryAsync(new TableQuery(key)));
        var onDelete = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.DeleteAsync(key, "r", TableOperation.AnyETag));

        Assert.All(new[] { asPartition, asRow, onRead, onQuery, onDelete }, error => Assert.Equal(TableLimit.KeyCharacters, error.Limit));
        Assert.Equal(key, asRow.RowKey);
        Assert.Empty((await table.QueryAsync(new TableQuery("p"))).Rows);
    }

    [Fact]
    public async Task Keys_with_a_lone_surrogate_are_refused_because_no_store_keeps_them_faithfully()
    {
        var table = await NewTableAsync();

        // Built in code: test data passed through xunit's UTF-8 serialization would arrive as U+FFFD.
        foreach (var key in new[] { "lone" + (char)0xD800, (char)0xDC00 + "first", "pair😀ok" + (char)0xD83D })
        {
            var error = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.InsertAsync(Row("p", key)));
            Assert.Equal((TableLimit.KeyCharacters, key), (error.Limit, error.RowKey));
        }

        await table.InsertAsync(Row("p", "pair😀ok"));
        Assert.NotNull(await table.GetAsync("p", "pair😀ok"));
    }

    [Fact]
    public async Task Keys_up_to_512_characters_are_accepted_and_longer_ones_refused()
    {
        var table = await NewTableAsync();
        var longest = new string('k', TableRules.MaxKeyLength);
        await table.InsertAsync(Row(longest, longest, ("V", 1)));

        var error = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.InsertAsync(Row("p", longest + "k")));

        Assert.Equal(1, (await table.GetAsync(longest, longest))!.Get<int>("V"));
        Assert.Equal(TableLimit.KeyLength, error.Limit);
        Assert.Contains("513", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unusual_but_legal_keys_round_trip()
    {
        var table = await NewTableAsync();
        string[] keys = ["", " ", "%2F", "a b", "ünïcødé", "日本", "a'b\"c", "x|y", "😀"];
        foreach (var key in keys)
        {
            await table.InsertAsync(Row(key, key, ("K", key)));
        }

        foreach (var key in keys)
        {
            Assert.Equal(key, (await table.GetAsync(key, key))!.Get<string>("K"));
        }
    }

    [Fact]
    public async Task Properties_up_to_64_KiB_are_accepted_and_larger_ones_refused()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(Row("p", "fits", ("Text", new string('x', 32 * 1024)), ("Bytes", new byte[64 * 1024])));

        var text = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.InsertAsync(Row("p", "text", ("Text", new string('x', (32 * 1024) + 1)))));
        var bytes = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.InsertAsync(Row("p", "bytes", ("Bytes", new byte[(64 * 1024) + 1]))));

        Assert.Equal(64 * 1024, (await table.GetAsync("p", "fits"))!.Get<byte[]>("Bytes")!.Length);
        Assert.Equal((TableLimit.PropertySize, "text"), (text.Limit, text.RowKey));
        Assert.Contains("'Text'", text.Detail, StringComparison.Ordinal);
        Assert.Equal(TableLimit.PropertySize, bytes.Limit);
        Assert.Contains("'Bytes'", bytes.Detail, StringComparison.Ordinal);
        Assert.Null(await table.GetAsync("p", "text"));
    }

    [Fact]
    public async Task Entities_over_1_MiB_are_refused_and_a_batch_holding_one_writes_nothing()
    {
        var table = await NewTableAsync();
        var chunk = new byte[60 * 1024];
        var nearlyFull = Row("p", "near", Enumerable.Range(0, 17).Select(i => ($"C{i}", (object)chunk)).ToArray());
        var tooBig = Row("p", "big", Enumerable.Range(0, 18).Select(i => ($"C{i}", (object)chunk)).ToArray());
        await table.InsertAsync(nearlyFull);

        var single = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.InsertAsync(tooBig));
        var batch = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.ExecuteBatchAsync([TableOperation.Insert(Row("p", "small")), TableOperation.Insert(tooBig)]));

        Assert.Equal((TableLimit.EntitySize, "big"), (single.Limit, single.RowKey));
        Assert.Equal(TableLimit.EntitySize, batch.Limit);
        Assert.Null(await table.GetAsync("p", "small"));
        Assert.Equal(17, (await table.GetAsync("p", "near"))!.Properties.Count);
    }

    [Fact]
    public async Task More_than_252_properties_are_refused()
    {
        var table = await NewTableAsync();
        await table.InsertAsync(Row("p", "most", Enumerable.Range(0, 252).Select(i => ($"P{i}", (object)i)).ToArray()));

        var error = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.InsertAsync(Row("p", "over", Enumerable.Range(0, 253).Select(i => ($"P{i}", (object)i)).ToArray())));

        Assert.Equal(252, (await table.GetAsync("p", "most"))!.Properties.Count);
        Assert.Equal(TableLimit.PropertyCount, error.Limit);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1st")]
    [InlineData("has space")]
    [InlineData("has-dash")]
    [InlineData("PartitionKey")]
    [InlineData("rowkey")]
    [InlineData("Timestamp")]
    public async Task Property_names_azure_refuses_are_refused(string name)
    {
        var table = await NewTableAsync();

        var error = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.InsertAsync(Row("p", "r", (name, 1))));

        Assert.Equal(TableLimit.PropertyName, error.Limit);
        Assert.Contains($"'{name}'", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_of_types_tables_cannot_store_are_refused_by_name()
    {
        var table = await NewTableAsync();

        var dateTime = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.InsertAsync(Row("p", "r", ("When", DateTime.UtcNow))));
        var nul = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.InsertAsync(new TableRow("p", "r", new Dictionary<string, object> { ["Nothing"] = null! })));

        Assert.Equal(TableLimit.PropertyType, dateTime.Limit);
        Assert.Contains("'When'", dateTime.Detail, StringComparison.Ordinal);
        Assert.Equal(TableLimit.PropertyType, nul.Limit);
        Assert.Null(await table.GetAsync("p", "r"));
    }

    [Fact]
    public async Task Invalid_table_names_are_refused()
    {
        foreach (var name in new[] { "ab", "1abc", "has-dash", new string('a', 64) })
        {
            var error = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await Factory.OpenAsync(name));
            Assert.Equal((TableLimit.TableName, name), (error.Limit, error.Table));
        }
    }

    [Fact]
    public async Task Queries_read_a_partition_a_range_or_a_prefix_in_row_key_order()
    {
        var table = await NewTableAsync();
        string[] keys = ["b", "a", "ab", "abc", "abd", "b0", "c"];
        await table.ExecuteBatchAsync(keys.Select(k => TableOperation.Insert(Row("p", k))).ToList());
        await table.InsertAsync(Row("other", "ab"));

        async Task<string[]> Keys(TableQuery query) => await table.QueryAllAsync(query).Select(r => r.RowKey).ToArrayAsync();

        Assert.Equal(["a", "ab", "abc", "abd", "b", "b0", "c"], await Keys(new TableQuery("p")));
        Assert.Equal(["ab", "abc", "abd", "b"], await Keys(new TableQuery("p", "ab", "b0")));
        Assert.Equal(["b", "b0", "c"], await Keys(new TableQuery("p", RowKeyFrom: "b")));
        Assert.Equal(["a", "ab"], await Keys(new TableQuery("p", RowKeyTo: "abc")));
        Assert.Equal(["ab", "abc", "abd"], await Keys(TableQuery.WithPrefix("p", "ab")));
        Assert.Equal(["b", "b0"], await Keys(TableQuery.WithPrefix("p", "b")));
        Assert.Empty(await Keys(TableQuery.WithPrefix("p", "z")));
        Assert.Empty(await Keys(new TableQuery("nobody")));
    }

    [Fact]
    public async Task Queries_page_past_1000_rows_without_losing_or_repeating_any()
    {
        var table = await NewTableAsync();
        for (var batch = 0; batch < 25; batch++)
        {
            await table.ExecuteBatchAsync(Enumerable.Range(batch * 100, 100).Select(i => TableOperation.Insert(Row("p", $"r{i:D5}", ("I", i)))).ToList());
        }

        var first = await table.QueryAsync(new TableQuery("p"));
        var all = await table.QueryAllAsync(new TableQuery("p")).Select(r => r.Get<int>("I")).ToListAsync();
        var small = await table.QueryAllAsync(TableQuery.WithPrefix("p", "r00") with { PageSize = 7 }).CountAsync();

        Assert.Equal(1000, first.Rows.Count);
        Assert.NotNull(first.ContinuationToken);
        Assert.Equal(Enumerable.Range(0, 2500), all);
        Assert.Equal(1000, small);
        var error = await Assert.ThrowsAsync<TableLimitExceeded>(async () => await table.QueryAsync(new TableQuery("p") { PageSize = 1001 }));
        Assert.Equal(TableLimit.PageSize, error.Limit);
    }

    [Fact]
    public async Task Concurrent_writers_lose_nothing_and_exactly_one_racing_replace_wins()
    {
        var table = await NewTableAsync();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await table.InsertAsync(Row($"w{writer}", $"r{i:D2}", ("I", i)));
            }
        })));
        var eTag = await table.InsertAsync(Row("race", "r", ("Winner", -1)));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(contender => Task.Run(async () =>
        {
            try
            {
                await table.ReplaceAsync(Row("race", "r", ("Winner", contender)), eTag);
                return true;
            }
            catch (TableConflict conflict) when (conflict.Reason == TableConflictReason.ETagMismatch)
            {
                return false;
            }
        })));

        for (var writer = 0; writer < 16; writer++)
        {
            Assert.Equal(25, await table.QueryAllAsync(new TableQuery($"w{writer}")).CountAsync());
        }

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal(Array.IndexOf(outcomes, true), (await table.GetAsync("race", "r"))!.Get<int>("Winner"));
    }

    [Fact]
    public async Task Changing_what_was_written_or_read_does_not_change_the_stored_row()
    {
        var table = await NewTableAsync();
        var bytes = new byte[] { 1, 2, 3 };
        var properties = new Dictionary<string, object> { ["B"] = bytes };
        await table.InsertAsync(new TableRow("p", "r", properties));
        bytes[0] = 9;
        properties["Extra"] = 1;
        (await table.GetAsync("p", "r"))!.Get<byte[]>("B")![1] = 9;

        var stored = await table.GetAsync("p", "r");

        Assert.Equal(new byte[] { 1, 2, 3 }, stored!.Get<byte[]>("B"));
        Assert.False(stored.Properties.ContainsKey("Extra"));
    }
}
