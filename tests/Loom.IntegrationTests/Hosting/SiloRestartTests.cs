using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Loom.IntegrationTests.Http;
using Loom.IntegrationTests.Storage.Sqlite;
using Loom.IntegrationTests.Reminders;
using Loom.Silo.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Loom.IntegrationTests.Hosting;

/// <summary>
/// The README's run command keeps its state in an embedded SQLite file: what one silo lifetime
/// committed, the next one on the same file reads, whether the first stopped or was killed, and the
/// reminders it registered keep firing.
/// </summary>
public sealed class SiloRestartTests : IDisposable
{
    private readonly SqliteTempFile _file = new();

    private string DatabasePath => _file.Path;

    [Fact]
    public async Task An_account_opened_before_a_stop_is_there_after_a_restart_and_transactions_go_on()
    {
        var id = Ledger.NewId();
        await using (var first = SiloFactory.OnFile(DatabasePath))
        {
            var http = first.CreateClient();
            await PostAsync(http, "OpenAccount", new { payload = new { accountId = id, owner = "Ann", initialDeposit = 10 } });
            await PostAsync(http, "Deposit", new { payload = new { accountId = id, amount = 5 } });
        }

        await using var second = SiloFactory.OnFile(DatabasePath);
        var again = second.CreateClient();
        Assert.Equal(15m, await BalanceAsync(again, id));
        await PostAsync(again, "Deposit", new { payload = new { accountId = id, amount = 1 } });
        Assert.Equal(16m, await BalanceAsync(again, id));
    }

    [Fact]
    public async Task An_account_opened_before_a_kill_9_is_there_after_a_restart()
    {
        var id = Ledger.NewId();

        // The same ports, as the README's command uses: the restarted silo recognises its killed former self.
        var ports = (Http: SiloFactory.FreePort(), Silo: SiloFactory.FreePort(), Gateway: SiloFactory.FreePort());
        await using (var first = await SiloProcess.StartAsync(DatabasePath, ports))
        {
            await PostAsync(first.Http, "OpenAccount", new { payload = new { accountId = id, owner = "Bo", initialDeposit = 20 } });
            await PostAsync(first.Http, "Withdraw", new { payload = new { accountId = id, amount = 3 } });
            first.Kill();
        }

        await using var second = await SiloProcess.StartAsync(DatabasePath, ports);
        Assert.Equal(17m, await BalanceAsync(second.Http, id));
        await PostAsync(second.Http, "Deposit", new { payload = new { accountId = id, amount = 3 } });
        Assert.Equal(20m, await BalanceAsync(second.Http, id));
    }

    [Fact]
    public async Task A_reminder_registered_before_a_restart_fires_after_it_without_anyone_calling()
    {
        var key = Ledger.NewId();
        var before = new TickProbe();
        await using (var first = SiloFactory.OnFile(DatabasePath))
        {
            await using var silo = WithTicks(first, before);
            await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ITickingGrain>(key).StartTickingAsync();
            await EventuallyAsync(() => before.Of(key).Count > 0);
        }

        var after = new TickProbe();
        await using var second = SiloFactory.OnFile(DatabasePath);
        await using var restarted = WithTicks(second, after);
        Assert.NotNull(restarted.Services);
        await EventuallyAsync(() => after.Of(key).Count > 0);
    }

    public void Dispose() => _file.Dispose();

    private static WebApplicationFactory<LoomSiloOptions> WithTicks(SiloFactory silo, TickProbe ticks) =>
        silo.WithWebHostBuilder(host => host.ConfigureServices(services => services
            .AddSingleton(ticks)
            .Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = TickingGrain.Period)));

    private static Task EventuallyAsync(Func<bool> condition) => Poll.UntilAsync(condition, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));

    private static async Task PostAsync(HttpClient http, string useCase, object body)
    {
        var response = await http.PostAsJsonAsync($"/api/usecases/{useCase}", body);
        Assert.True(response.IsSuccessStatusCode, $"{useCase}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<decimal> BalanceAsync(HttpClient http, string id)
    {
        var response = await http.PostAsJsonAsync("/api/usecases/GetAccount", new { parameters = new { accountId = id } });
        Assert.True(response.IsSuccessStatusCode, $"GetAccount: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("balance").GetDecimal();
    }

    /// <summary>The silo as its own process (the built Loom.Silo.dll), so that it can be killed outright.</summary>
    private sealed class SiloProcess : IAsyncDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
        private readonly Process _process;

        private SiloProcess(Process process, HttpClient http)
        {
            _process = process;
            Http = http;
        }

        public HttpClient Http { get; }

        public static async Task<SiloProcess> StartAsync(string databasePath, (int Http, int Silo, int Gateway) ports)
        {
            var silo = typeof(LoomSiloOptions).Assembly.Location;
            var url = $"http://127.0.0.1:{ports.Http}";
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(silo)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[]
            {
                silo, "--urls", url,
                "--Loom:Silo:SiloPort", ports.Silo.ToString(CultureInfo.InvariantCulture),
                "--Loom:Silo:GatewayPort", ports.Gateway.ToString(CultureInfo.InvariantCulture),
                "--Loom:Storage:Sqlite:Path", databasePath,
            })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var http = new HttpClient { BaseAddress = new Uri(url) };
            var deadline = DateTime.UtcNow + StartTimeout;
            while (true)
            {
                try
                {
                    if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                    {
                        return new SiloProcess(process, http);
                    }
                }
                catch (HttpRequestException) when (!process.HasExited && DateTime.UtcNow < deadline)
                {
                }

                if (process.HasExited || DateTime.UtcNow >= deadline)
                {
                    process.Kill(entireProcessTree: true);
                    throw new InvalidOperationException($"The silo at {url} did not become ready (exited: {process.HasExited}).");
                }

                await Task.Delay(200);
            }
        }

        /// <summary>SIGKILL: no shutdown, no flush, as a crash or <c>kill -9</c> would.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            Http.Dispose();
        }
    }
}
