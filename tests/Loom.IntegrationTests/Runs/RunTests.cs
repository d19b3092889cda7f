using System.Text.Json;
using Loom.Errors;
using Loom.Runs;
using Loom.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.IntegrationTests.Runs;

/// <summary>Durable runs in a real cluster: they run, retry, fail, resume after a crash, cancel, and keep a gap-free history.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RunTests(ClusterFixture fixture)
{
    private static readonly RunConfig Quick = new(ExecutionMode.Sequential, new RetryPolicy(4, BackoffKind.Fixed, TimeSpan.FromMilliseconds(20), TimeSpan.Zero));

    private IRunGrain Run(string runId) => fixture.Client.GetGrain<IRunGrain>(runId);

    private static StartRunRequest Request(string operation, string inputs = "{}", RunConfig? config = null)
    {
        var manifest = new RunManifest(operation, config ?? Quick, inputs);
        return RunManifestIdentity.StartRequest(manifest);
    }

    private async Task<RunStatusView> UntilEnded(string runId)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            var status = await Run(runId).GetStatusAsync();
            if (status.Phase is RunPhase.Completed or RunPhase.Failed or RunPhase.Cancelled or RunPhase.Halted)
            {
                return status;
            }
        }

        throw new TimeoutException($"run {runId} did not end within 60 s");
    }

    private async Task<List<RunHistoryEntry>> HistoryAsync(string runId)
    {
        var history = (await Run(runId).GetHistoryAsync()).ToList();
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Sequence));
        return history;
    }

    private static IEnumerable<string> Outline(IEnumerable<RunHistoryEntry> history) => history.Select(e =>
    {
        using var json = JsonDocument.Parse(e.Json);
        return json.RootElement.TryGetProperty("stateId", out var state) ? $"{e.Type}:{state.GetString()}:{(json.RootElement.TryGetProperty("attempt", out var a) ? a.GetInt32() : -1)}" : e.Type;
    });

    [Fact]
    public async Task A_run_executes_its_states_in_order_carrying_the_context_and_records_each_once()
    {
        var id = Guid.NewGuid().ToString("N");

        await Run(id).StartAsync(Request("three-steps"));
        var status = await UntilEnded(id);
        var history = await HistoryAsync(id);

        Assert.Equal((RunPhase.Completed, "three-steps", 1), (status.Phase, status.OperationId, status.Version));
        Assert.Equal(
            ["RunStarted", "StateEntered:a:0", "DomainEventRecorded:a:-1", "StateCompleted:a:0", "StateEntered:b:0", "DomainEventRecorded:b:-1", "StateCompleted:b:0", "StateEntered:c:0", "DomainEventRecorded:c:-1", "StateCompleted:c:0", "RunCompleted"],
            Outline(history));
        using var visited = JsonDocument.Parse(JsonDocument.Parse(history[8].Json).RootElement.GetProperty("dataJson").GetString()!);
        Assert.Equal(["a", "b", "c"], visited.RootElement.GetProperty("trail").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task A_retryable_failure_is_retried_until_it_succeeds()
    {
        var id = Guid.NewGuid().ToString("N");

        await Run(id).StartAsync(Request("flaky", """{"succeedOnAttempt":2}"""));
        var status = await UntilEnded(id);

        Assert.Equal(RunPhase.Completed, status.Phase);
        Assert.Equal(
            ["StateEntered:flaky:0", "StateFailed:flaky:0", "StateEntered:flaky:1", "StateFailed:flaky:1", "StateEntered:flaky:2", "StateCompleted:flaky:2"],
            Outline(await HistoryAsync(id)).Where(e => e.Contains(":flaky:", StringComparison.Ordinal)));
        Assert.Equal("flaky on attempt 1", status.LastError);
    }

    [Fact]
    public async Task A_state_that_keeps_failing_fails_the_run_when_attempts_run_out()
    {
        var id = Guid.NewGuid().ToString("N");

        await Run(id).StartAsync(Request("flaky", """{"succeedOnAttempt":10}"""));
        var status = await UntilEnded(id);
        var history = Outline(await HistoryAsync(id)).ToList();

        Assert.Equal((RunPhase.Failed, "flaky", 3), (status.Phase, status.CurrentState, status.Attempt));
        Assert.Equal(4, history.Count(e => e.StartsWith("StateFailed:flaky", StringComparison.Ordinal)));
        Assert.DoesNotContain(history, e => e.Contains(":c:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_state_the_cluster_cuts_short_runs_again_without_using_up_its_one_attempt()
    {
        var id = Guid.NewGuid().ToString("N");

        await Run(id).StartAsync(Request("cluster-blip", """{"answerOnAttempt":2}""", Quick with { Retry = Quick.Retry with { MaxAttempts = 1 } }));
        var status = await UntilEnded(id);

        Assert.Equal(RunPhase.Completed, status.Phase);
        Assert.Equal(
            ["StateEntered:blip:0", "StateInterrupted:blip:0", "StateEntered:blip:1", "StateInterrupted:blip:1", "StateEntered:blip:2", "StateCompleted:blip:2"],
            Outline(await HistoryAsync(id)).Where(e => e.Contains(":blip:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_failure_no_retry_can_help_fails_the_run_after_one_attempt()
    {
        var id = Guid.NewGuid().ToString("N");

        await Run(id).StartAsync(Request("fatal"));
        var status = await UntilEnded(id);

        Assert.Equal((RunPhase.Failed, "fatal", 0, "the statement template is missing"), (status.Phase, status.CurrentState, status.Attempt, status.LastError));
        Assert.Single(Outline(await HistoryAsync(id)), e => e.StartsWith("StateEntered:fatal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_stopped_after_a_handler_before_its_outcome_was_recorded_retries_that_state_and_finishes()
    {
        var id = Guid.NewGuid().ToString("N");
        fixture.SiloServices.GetRequiredService<RunFailpoints>().StopAfterHandlerOnce(id);

        await Run(id).StartAsync(Request("three-steps"));
        var status = await UntilEnded(id);
        var history = Outline(await HistoryAsync(id)).ToList();

        Assert.Equal(RunPhase.Completed, status.Phase);
        Assert.Equal(["StateEntered:a:0", "StateEntered:a:1", "StateCompleted:a:1"], history.Where(e => e.Contains(":a:", StringComparison.Ordinal) && !e.StartsWith("Domain", StringComparison.Ordinal)));
        Assert.Single(history, e => e.StartsWith("StateCompleted:b", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_starts_of_one_run_start_it_once_and_another_manifest_is_refused()
    {
        var id = Guid.NewGuid().ToString("N");
        var request = Request("three-steps");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Run(id).StartAsync(request)));
        await UntilEnded(id);
        var other = await Assert.ThrowsAsync<RunAlreadyStarted>(() => Run(id).StartAsync(Request("three-steps", """{"month":"2026-12"}""")));

        Assert.All(statuses, status => Assert.Equal(id, status.RunId));
        Assert.Single(await HistoryAsync(id), e => e.Type == "RunStarted");
        Assert.Equal((request.ManifestId, "run_already_started"), (other.ExistingManifestId, other.Code));
    }

    [Fact]
    public async Task Bad_start_requests_are_refused_with_their_codes_and_start_nothing()
    {
        var id = Guid.NewGuid().ToString("N");
        var good = Request("three-steps");

        var unknown = await Assert.ThrowsAsync<UnknownRunOperation>(() => Run(id).StartAsync(Request("nobody")));
        var mismatch = await Assert.ThrowsAsync<InvalidRunManifest>(() => Run(id).StartAsync(good with { OperationId = "fatal" }));
        var secret = await Assert.ThrowsAsync<InvalidRunManifest>(() => Run(id).StartAsync(Request("three-steps", """{"apiKey":"k"}""")));

        Assert.Equal("unknown_operation", unknown.Code);
        Assert.Equal("manifest_op_id_mismatch", mismatch.Code);
        Assert.Equal(("secrets_detected", "$.inputs.apiKey"), (secret.Code, secret.Path));
        Assert.Equal(RunPhase.NotStarted, (await Run(id).GetStatusAsync()).Phase);
        Assert.Empty(await Run(id).GetHistoryAsync());
    }

    [Fact]
    public async Task A_cancelled_run_stops_its_state_and_ends_as_cancelled()
    {
        var id = Guid.NewGuid().ToString("N");
        var probe = fixture.SiloServices.GetRequiredService<RunProbe>();

        await Run(id).StartAsync(Request("cancellable"));
        await probe.WaitUntilEntered(id);
        var status = await Run(id).CancelAsync();
        var history = Outline(await HistoryAsync(id)).ToList();

        Assert.Equal(RunPhase.Cancelled, status.Phase);
        Assert.Equal("RunCompleted", history[^1]);
        Assert.DoesNotContain(history, e => e.Contains(":c:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_of_1000_states_completes_with_a_gap_free_history()
    {
        var id = Guid.NewGuid().ToString("N");

        await Run(id).StartAsync(Request("long"));
        var status = await UntilEnded(id);
        var history = await HistoryAsync(id);

        Assert.Equal(RunPhase.Completed, status.Phase);
        Assert.Equal(1 + 2000 + 1, history.Count);
    }

    [Fact]
    public async Task A_manifest_artifact_changed_in_storage_is_caught_by_its_hash_when_the_run_resumes()
    {
        var id = Guid.NewGuid().ToString("N");
        // Inputs of its own: manifests are stored by content, and other runs must not share the one tampered with.
        var request = Request("three-steps", $$"""{"nonce":"{{id}}"}""");
        fixture.SiloServices.GetRequiredService<RunFailpoints>().StopAfterHandlerOnce(id);
        var artifacts = await fixture.SiloServices.GetRequiredService<ITableStoreFactory>().OpenAsync("LoomArtifacts");

        await Run(id).StartAsync(request);
        var head = (await artifacts.GetAsync(request.ManifestId, "000"))!;
        var tampered = head.Properties.ToDictionary(p => p.Key, p => p.Value);
        var bytes = ((byte[])tampered["D0"]).ToArray();
        bytes[^2] ^= 1;
        tampered["D0"] = bytes;
        await artifacts.ReplaceAsync(new TableRow(head.PartitionKey, head.RowKey, tampered), head.ETag!);

        // The failpoint deactivates the run after its first handler; the next call reactivates it and reads the manifest.
        ArtifactCorrupt? corrupt = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); corrupt is null && DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            try
            {
                await Run(id).GetStatusAsync();
            }
            catch (ArtifactCorrupt error)
            {
                corrupt = error;
            }
        }

        Assert.NotNull(corrupt);
        Assert.Equal("artifact_corrupt", corrupt.Code);
        Assert.Contains(request.ManifestId, corrupt.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_are_found_by_operation_and_phase()
    {
        var completed = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var failed = Guid.NewGuid().ToString("N");
        foreach (var id in completed)
        {
            await Run(id).StartAsync(Request("three-steps"));
        }

        await Run(failed).StartAsync(Request("fatal"));
        foreach (var id in completed.Append(failed))
        {
            await UntilEnded(id);
        }

        // The index is fed one-way, so it may lag a run's end by a flush.
        var index = fixture.Client.GetGrain<IRunIndexGrain>("three-steps");
        var fatalIndex = fixture.Client.GetGrain<IRunIndexGrain>("fatal");
        IReadOnlyList<RunIndexEntry> done = [];
        IReadOnlyList<RunIndexEntry> fatal = [];
        await Poll.UntilAsync(
            async () =>
            {
                done = await index.FindAsync(RunPhase.Completed, limit: 1000);
                fatal = await fatalIndex.FindAsync(RunPhase.Failed, limit: 1000);
                return completed.All(id => done.Any(e => e.RunId == id)) && fatal.Any(e => e.RunId == failed);
            },
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(50));

        Assert.All(done, e => Assert.Equal((RunPhase.Completed, "three-steps", 1), (e.Phase, e.OperationId, e.Version)));
        Assert.DoesNotContain(await index.FindAsync(RunPhase.Running, limit: 1000), e => completed.Contains(e.RunId));
        Assert.DoesNotContain(fatal, e => completed.Contains(e.RunId));
    }

    [Fact]
    public async Task A_parent_waits_for_its_child_run_and_a_retried_parent_state_finds_the_same_child()
    {
        var id = Guid.NewGuid().ToString("N");
        fixture.SiloServices.GetRequiredService<RunFailpoints>().StopAfterHandlerOnce(id);

        // The failpoint stops the parent after its first state; the run resumes by itself on the next call.
        await Run(id).StartAsync(Request("parent"));
        var status = await UntilEnded(id);
        var child = $"{id}/spawn/1";
        var childHistory = await HistoryAsync(child);

        Assert.Equal(RunPhase.Completed, status.Phase);
        Assert.Equal(RunPhase.Completed, (await Run(child).GetStatusAsync()).Phase);
        Assert.Single(childHistory, e => e.Type == "RunStarted");
        Assert.Contains(await HistoryAsync(id), e => e.Type == "DomainEventRecorded" && e.Json.Contains("child-ended", StringComparison.Ordinal) && e.Json.Contains(child, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_parent_state_crashed_after_its_child_ended_reruns_without_starting_the_child_again()
    {
        var id = Guid.NewGuid().ToString("N");
        var failpoints = fixture.SiloServices.GetRequiredService<RunFailpoints>();

        await Run(id).StartAsync(Request("parent"));
        await UntilEnded(id);
        var first = await HistoryAsync($"{id}/spawn/1");

        Assert.Single(first, e => e.Type == "RunStarted");
        Assert.Empty(await Run($"{id}/spawn/2").GetHistoryAsync());
        Assert.False(failpoints.ShouldStopAfterHandler(id));
    }

    [Fact]
    public async Task A_fan_out_run_runs_independent_states_at_once_and_the_join_sees_every_branch_s_work()
    {
        var id = Guid.NewGuid().ToString("N");

        await Run(id).StartAsync(Request("diamond", config: Quick with { Mode = ExecutionMode.FanOutJoin, MaxConcurrency = 2 }));
        var status = await UntilEnded(id);
        var history = await HistoryAsync(id);

        Assert.Equal(RunPhase.Completed, status.Phase);
        var report = history.Single(e => e.Type == "DomainEventRecorded" && e.Json.Contains("keys", StringComparison.Ordinal));
        using var data = JsonDocument.Parse(JsonDocument.Parse(report.Json).RootElement.GetProperty("dataJson").GetString()!);
        Assert.Equal(["left", "right", "trail"], data.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["met", "met"], data.RootElement.GetProperty("met").EnumerateArray().Select(k => k.GetString()));
        var outline = Outline(history).ToList();
        Assert.True(outline.IndexOf("StateEntered:right:0") < outline.IndexOf("StateCompleted:left:0"), string.Join(", ", outline));
    }

    [Fact]
    public async Task The_same_graph_run_sequentially_never_overlaps_its_branches()
    {
        var id = Guid.NewGuid().ToString("N");

        await Run(id).StartAsync(Request("plain-diamond"));
        await UntilEnded(id);
        var outline = Outline(await HistoryAsync(id)).Where(e => !e.StartsWith("Domain", StringComparison.Ordinal)).ToList();

        Assert.Equal(outline.IndexOf("StateCompleted:left:0") + 1, outline.IndexOf("StateEntered:right:0"));
    }
}
