using System.CommandLine;
using Loom.Client.Commands;
using Loom.Runs;
using Loom.UseCases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var gateway = new Option<int>("--gateway")
{
    Description = "The silo's Orleans gateway port on this machine.",
    DefaultValueFactory = _ => int.TryParse(Environment.GetEnvironmentVariable("LOOM_GATEWAY_PORT"), out var port) ? port : 30000,
    Recursive = true,
};

var list = new Command("usecases", "List the use cases the silo hosts.");
list.SetAction((parse, _) => WithClusterAsync(parse.GetValue(gateway), grains => UseCases(grains).ListAsync()));

var useCase = new Argument<string>("use-case") { Description = "The use case's registered name, e.g. Transfer." };
var parameter = new Option<string[]>("--param", "-p") { Description = "A parameter as name=value; repeat for more.", AllowMultipleArgumentsPerToken = false };
var payload = new Option<string?>("--payload") { Description = "The command payload as JSON, or @file to read it from a file." };
var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "Runs a write use case at most once per key: a retry with the same key prints the first run's result or error." };
var run = new Command("run", "Run a use case and print its result.") { useCase, parameter, payload, idempotencyKey };
run.SetAction((parse, _) => WithClusterAsync(parse.GetValue(gateway), grains => UseCases(grains).RunAsync(
    parse.GetValue(useCase)!,
    parse.GetValue(parameter) ?? [],
    ReadPayload(parse.GetValue(payload)),
    parse.GetValue(idempotencyKey))));

var pending = new Command("pending", "List the jobs waiting to run.");
pending.SetAction((parse, _) => WithClusterAsync(parse.GetValue(gateway), grains => new JobCommands(grains, Console.Out).PendingAsync()));
var failed = new Command("failed", "List the jobs that failed for good, with their last error.");
failed.SetAction((parse, _) => WithClusterAsync(parse.GetValue(gateway), grains => new JobCommands(grains, Console.Out).FailedAsync()));
var jobs = new Command("jobs", "Inspect the jobs use cases dispatched.") { pending, failed };

var operation = new Argument<string>("operation") { Description = "The run operation's registered id, e.g. month-end-statements." };
var inputs = new Option<string>("--inputs") { Description = "The run's inputs as a JSON object, or @file to read them from a file.", DefaultValueFactory = _ => "{}" };
var runIdOption = new Option<string?>("--run-id") { Description = "The run's id; a new one when left out." };
var maxAttempts = new Option<int>("--max-attempts") { Description = "Tries of a failing state in all, the first included.", DefaultValueFactory = _ => RetryPolicy.Default.MaxAttempts };
var backoff = new Option<string>("--backoff") { Description = "How the wait between tries grows.", DefaultValueFactory = _ => "exponential" };
backoff.AcceptOnlyFromAmong("fixed", "exponential");
var delayMs = DelayOption.Create("--delay-ms", "The wait before the first retry, in milliseconds.", RetryPolicy.Default.BaseDelay);
var maxDelayMs = DelayOption.Create("--max-delay-ms", "The longest exponential wait, in milliseconds.", RetryPolicy.Default.MaxDelay);
var watchOption = new Option<bool>("--watch") { Description = "Follow the run until it ends; exit 0 when it completed, 1 otherwise." };
var start = new Command("start", "Start a durable run and print its id and status.") { operation, inputs, runIdOption, maxAttempts, backoff, delayMs, maxDelayMs, watchOption };
start.SetAction((parse, cancellation) => WithClusterAsync(parse.GetValue(gateway), grains => Runs(grains).StartAsync(
    parse.GetValue(operation)!,
    ReadPayload(parse.GetValue(inputs))!,
    parse.GetValue(runIdOption) ?? Guid.NewGuid().ToString("N"),
    new RunConfig(ExecutionMode.Sequential, new RetryPolicy(
        parse.GetValue(maxAttempts),
        parse.GetValue(backoff) == "fixed" ? BackoffKind.Fixed : BackoffKind.Exponential,
        TimeSpan.FromMilliseconds(parse.GetValue(delayMs)),
        TimeSpan.FromMilliseconds(parse.GetValue(maxDelayMs)))),
    parse.GetValue(watchOption),
    cancellation)));

var runId = new Argument<string>("run-id") { Description = "The run's id." };
var status = new Command("status", "Print a run's status.") { runId };
status.SetAction((parse, _) => WithClusterAsync(parse.GetValue(gateway), grains => Runs(grains).StatusAsync(parse.GetValue(runId)!)));
var from = new Option<long>("--from") { Description = "The first event to print, by sequence number.", DefaultValueFactory = _ => 1 };
var history = new Command("history", "Print a run's history, one event a line.") { runId, from };
history.SetAction((parse, _) => WithClusterAsync(parse.GetValue(gateway), grains => Runs(grains).HistoryAsync(parse.GetValue(runId)!, parse.GetValue(from))));
var watch = new Command("watch", "Follow a run's history live until it ends; exit 0 when it completed, 1 otherwise.") { runId };
watch.SetAction((parse, cancellation) => WithClusterAsync(parse.GetValue(gateway), grains => Runs(grains).WatchAsync(parse.GetValue(runId)!, cancellation)));
var cancel = new Command("cancel", "Cancel a run: it stops before its next state.") { runId };
cancel.SetAction((parse, _) => WithClusterAsync(parse.GetValue(gateway), grains => Runs(grains).CancelAsync(parse.GetValue(runId)!)));
var runs = new Command("runs", "Start, inspect, follow and cancel durable runs.") { start, status, history, watch, cancel };

var root = new RootCommand("loom: run Loom use cases and durable runs on a silo through the Orleans client SDK.") { gateway, list, run, jobs, runs };
return await root.Parse(args).InvokeAsync();

static string? ReadPayload(string? payload) =>
    payload is ['@', .. var path] ? File.ReadAllText(path) : payload;

static UseCaseCommands UseCases(IGrainFactory grains) => new(grains, Console.Out, Console.Error);

static RunCommands Runs(IGrainFactory grains) => new(grains, Console.Out, Console.Error);

static async Task<int> WithClusterAsync(int gatewayPort, Func<IGrainFactory, Task<int>> command)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Logging.AddFilter("Orleans", LogLevel.None);
    builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
    builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort).UseLoom());
    using var host = builder.Build();
    try
    {
        await host.StartAsync();
    }
    catch (Exception error) when (error is OrleansException or TimeoutException or System.Net.Sockets.SocketException)
    {
        await Console.Error.WriteLineAsync($"error: no Loom silo answers on gateway port {gatewayPort} ({error.Message}). Start one with: dotnet run --project Silo");
        return ExitCodes.Unreachable;
    }

    var code = await command(host.Services.GetRequiredService<IClusterClient>());
    await host.StopAsync();
    return code;
}
