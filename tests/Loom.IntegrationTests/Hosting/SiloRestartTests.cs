using System.Net.Http.Json;
using System.Text.Json;
using Loom.IntegrationTests.Http;
using Loom.IntegrationTests.Storage.Sqlite;
using Loom.IntegrationTests.Reminders;
using Loom.Silo.Hosting;
using Loom.Testing.Processes;
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
        var ports = SiloPorts.Free();
        await using (var first = await StartSiloAsync(ports))
        {
            using var http = first.CreateHttpClient(TimeSpan.FromSeconds(30));
            await PostAsync(http, "OpenAccount", new { payload = new { accountId = id, owner = "Bo", initialDeposit = 20 } });
            await PostAsync(http, "Withdraw", new { payload = new { accountId = id, amount = 3 } });
            first.Kill();
        }

        await using var second = await StartSiloAsync(ports);
        using var again = second.CreateHttpClient(TimeSpan.FromSeconds(30));
        Assert.Equal(17m, await BalanceAsync(again, id));
        await PostAsync(again, "Deposit", new { payload = new { accountId = id, amount = 3 } });
        Assert.Equal(20m, await BalanceAsync(again, id));
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

    /// <summary>The silo as its own process (the built Loom.Silo.dll) on the test's file, so that it can be killed outright.</summary>
    private Task<SiloProcess> StartSiloAsync(SiloPorts ports)
    {
        var folder = Path.GetDirectoryName(DatabasePath)!;
        Directory.CreateDirectory(folder);
        return SiloProcess.StartAsync(
            typeof(LoomSiloOptions).Assembly.Location, ports, ["--Loom:Storage:Sqlite:Path", DatabasePath], Path.Combine(folder, "silo.log"), TimeSpan.FromSeconds(90));
    }
}
