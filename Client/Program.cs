using System.CommandLine;
using Loom.Client.Commands;
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
var run = new Command("run", "Run a use case and print its result.") { useCase, parameter, payload };
run.SetAction((parse, _) => WithClusterAsync(parse.GetValue(gateway), grains => UseCases(grains).RunAsync(
    parse.GetValue(useCase)!,
    parse.GetValue(parameter) ?? [],
    ReadPayload(parse.GetValue(payload)))));

var pending = new Command("pending", "List the jobs waiting to run.");
pending.SetAction((parse, _) => WithClusterAsync(parse.GetValue(gateway), grains => new JobCommands(grains, Console.Out).PendingAsync()));
var failed = new Command("failed", "List the jobs that failed for good, with their last error.");
failed.SetAction((parse, _) => WithClusterAsync(parse.GetValue(gateway), grains => new JobCommands(grains, Console.Out).FailedAsync()));
var jobs = new Command("jobs", "Inspect the jobs use cases dispatched.") { pending, failed };

var root = new RootCommand("loom: run Loom use cases on a silo through the Orleans client SDK.") { gateway, list, run, jobs };
return await root.Parse(args).InvokeAsync();

static string? ReadPayload(string? payload) =>
    payload is ['@', .. var path] ? File.ReadAllText(path) : payload;

static UseCaseCommands UseCases(IGrainFactory grains) => new(grains, Console.Out, Console.Error);

static async Task<int> WithClusterAsync(int gatewayPort, Func<IGrainFactory, Task<int>> command)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Logging.AddFilter("Orleans", LogLevel.None);
    builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
    builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort));
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
