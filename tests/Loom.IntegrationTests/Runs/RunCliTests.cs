using System.Text.Json;
using Loom.Client.Commands;
using Loom.Runs;
using Loom.Samples.Ledger;
using Loom.Samples.Statements;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.IntegrationTests.Runs;

/// <summary>The <c>loom runs</c> commands against a real cluster, as the CLI runs them, with the sample statement run.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RunCliTests(ClusterFixture fixture)
{
    private static readonly RunConfig Quick = new(ExecutionMode.Sequential, new RetryPolicy(3, BackoffKind.Fixed, TimeSpan.FromMilliseconds(20), TimeSpan.Zero));

    private readonly StringWriter _output = new();
    private readonly StringWriter _errors = new();

    private RunCommands Commands => new(fixture.Client, _output, _errors);

    private string[] OutputLines => _output.ToString().TrimEnd().Split(Environment.NewLine);

    private async Task<(string First, string Second)> OpenTwoAccountsAsync()
    {
        var (first, second) = (Ledger.NewId(), Ledger.NewId());
        await fixture.Client.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new OpenAccountCommand(first, "Ann", 100));
        await fixture.Client.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new OpenAccountCommand(second, "Bob", 7));
        return (first, second);
    }

    [Fact]
    public async Task The_statement_run_started_with_watch_rides_out_the_failed_delivery_and_delivers_every_statement()
    {
        var (first, second) = await OpenTwoAccountsAsync();
        var id = Guid.NewGuid().ToString("N");

        var code = await Commands.StartAsync(StatementRunServiceCollectionExtensions.OperationId, $$"""{"month":"2026-11","accounts":["{{first}}","{{second}}"]}""", id, Quick, watch: true);
        var history = await fixture.Client.GetGrain<IRunGrain>(id).GetHistoryAsync();

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(id, OutputLines[0]);
        Assert.EndsWith("Completed  last error: the mail gateway did not answer", OutputLines[^1]);
        Assert.Contains(OutputLines, line => line.EndsWith("deliver attempt 0 failed (retryable): the mail gateway did not answer", StringComparison.Ordinal));
        Assert.Equal(
            ["StateEntered:0", "StateFailed:0", "StateEntered:1", "DomainEventRecorded:-1", "DomainEventRecorded:-1", "StateCompleted:1"],
            history.Select(e => (e.Type, Json: JsonDocument.Parse(e.Json).RootElement))
                .Where(e => e.Json.TryGetProperty("stateId", out var state) && state.GetString() == "deliver")
                .Select(e => $"{e.Type}:{(e.Json.TryGetProperty("attempt", out var attempt) ? attempt.GetInt32() : -1)}"));
        var delivered = history.Where(e => e.Type == "DomainEventRecorded")
            .Select(e => JsonDocument.Parse(JsonDocument.Parse(e.Json).RootElement.GetProperty("dataJson").GetString()!).RootElement)
            .ToDictionary(d => d.GetProperty("accountId").GetString()!, d => d.GetProperty("statement").GetString());
        Assert.Equal($"Statement 2026-11 for Ann, account {first}: closing balance 100.00", delivered[first]);
        Assert.Equal($"Statement 2026-11 for Bob, account {second}: closing balance 7.00", delivered[second]);
    }

    [Fact]
    public async Task Start_prints_the_run_id_and_status_and_status_and_history_show_the_run()
    {
        var (first, _) = await OpenTwoAccountsAsync();
        var id = Guid.NewGuid().ToString("N");

        Assert.Equal(ExitCodes.Success, await Commands.StartAsync(StatementRunServiceCollectionExtensions.OperationId, $$"""{"month":"2026-11","accounts":["{{first}}"]}""", id, Quick, watch: false));
        Assert.Equal(id, OutputLines[0]);
        Assert.StartsWith($"{id}  month-end-statements v1  ", OutputLines[1]);
        Assert.Equal(ExitCodes.Success, await Commands.WatchAsync(id));
        _output.GetStringBuilder().Clear();

        Assert.Equal(ExitCodes.Success, await Commands.StatusAsync(id));
        Assert.Equal($"{id}  month-end-statements v1  Completed  last error: the mail gateway did not answer", OutputLines.Single());
        _output.GetStringBuilder().Clear();

        Assert.Equal(ExitCodes.Success, await Commands.HistoryAsync(id, from: 1));
        var all = OutputLines;
        Assert.Contains("  started month-end-statements v1 from manifest ", all[0]);
        Assert.EndsWith("  run Completed", all[^1]);
        _output.GetStringBuilder().Clear();

        Assert.Equal(ExitCodes.Success, await Commands.HistoryAsync(id, from: 2));
        Assert.Equal(all[1..], OutputLines);
        Assert.Empty(_errors.ToString());
    }

    [Fact]
    public async Task Cancel_prints_the_cancelled_run_and_watching_it_exits_with_refused()
    {
        var id = Guid.NewGuid().ToString("N");
        await Commands.StartAsync("cancellable", "{}", id, Quick, watch: false);
        await fixture.SiloServices.GetRequiredService<RunProbe>().WaitUntilEntered(id);
        _output.GetStringBuilder().Clear();

        Assert.Equal(ExitCodes.Success, await Commands.CancelAsync(id));
        Assert.Equal($"{id}  cancellable v1  Cancelled", OutputLines.Single());
        Assert.Equal(ExitCodes.Refused, await Commands.WatchAsync(id));
        Assert.EndsWith("  run Cancelled", OutputLines[^2]);
    }

    [Fact]
    public async Task A_run_that_fails_for_good_exits_with_refused_when_watched()
    {
        var id = Guid.NewGuid().ToString("N");

        var code = await Commands.StartAsync(StatementRunServiceCollectionExtensions.OperationId, """{"month":"2026-11","accounts":["nobody"]}""", id, Quick, watch: true);

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Equal($"{id}  month-end-statements v1  Failed  state collect attempt 0  last error: account nobody does not exist", OutputLines[^1]);
    }

    [Fact]
    public async Task Bad_manifests_and_unknown_operations_exit_with_bad_input_and_start_nothing()
    {
        var id = Guid.NewGuid().ToString("N");

        Assert.Equal(ExitCodes.BadInput, await Commands.StartAsync(StatementRunServiceCollectionExtensions.OperationId, """{"month":"2026-11","accounts":[],"rate":0.5}""", id, Quick, watch: true));
        Assert.Equal(ExitCodes.BadInput, await Commands.StartAsync(StatementRunServiceCollectionExtensions.OperationId, """{"smtpPassword":"hunter2"}""", id, Quick, watch: false));
        Assert.Equal(ExitCodes.BadInput, await Commands.StartAsync("embezzle", "{}", id, Quick, watch: false));
        Assert.Equal(ExitCodes.BadInput, await Commands.StartAsync(StatementRunServiceCollectionExtensions.OperationId, "{}", id, Quick with { Retry = Quick.Retry with { MaxAttempts = 0 } }, watch: false));

        Assert.Equal(
            [
                "error[manifest_not_canonical]: $.inputs.rate: 0.5 is a float; floats have no canonical form, use an integer or a string",
                "error[secrets_detected]: $.inputs.smtpPassword: looks like a secret; manifests are stored for good, so pass a reference to the secret (a Key Vault name, a setting name) instead",
                "error[unknown_operation]: No operation 'embezzle' is registered.",
                "error[invalid_run_config]: $.config.retry.maxAttempts: 0 allows no attempt; use 1 or more",
            ],
            _errors.ToString().TrimEnd().Split(Environment.NewLine));
        Assert.Empty(_output.ToString());
        Assert.Equal(RunPhase.NotStarted, (await fixture.Client.GetGrain<IRunGrain>(id).GetStatusAsync()).Phase);
    }

    [Fact]
    public async Task A_run_never_started_is_not_found_by_every_command()
    {
        var id = Guid.NewGuid().ToString("N");

        Assert.Equal(ExitCodes.Refused, await Commands.StatusAsync(id));
        Assert.Equal(ExitCodes.Refused, await Commands.HistoryAsync(id, from: 1));
        Assert.Equal(ExitCodes.Refused, await Commands.WatchAsync(id));
        Assert.Equal(ExitCodes.Refused, await Commands.CancelAsync(id));

        Assert.All(_errors.ToString().TrimEnd().Split(Environment.NewLine), line => Assert.Equal($"error[not_found]: Run '{id}' was not found.", line));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("604800001")]
    [InlineData("99999999999999")]
    public void A_delay_below_zero_or_past_a_week_is_refused_when_the_command_line_is_read(string milliseconds)
    {
        var option = DelayOption.Create("--delay-ms", "delay", RetryPolicy.Default.BaseDelay);

        var parsed = new System.CommandLine.RootCommand { option }.Parse(["--delay-ms", milliseconds]);

        Assert.Contains(parsed.Errors, error => error.Message == $"--delay-ms must be 0 to 604800000 ms (a week), not {milliseconds}.");
    }

    [Fact]
    public void A_delay_within_a_week_reads_as_given_and_a_missing_one_as_the_default()
    {
        var option = DelayOption.Create("--delay-ms", "delay", RetryPolicy.Default.BaseDelay);
        var root = new System.CommandLine.RootCommand { option };

        Assert.Equal(604_800_000, root.Parse(["--delay-ms", "604800000"]).GetValue(option));
        Assert.Equal(1000, root.Parse([]).GetValue(option));
        Assert.Empty(root.Parse([]).Errors);
    }
}
