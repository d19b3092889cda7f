using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Loom.IntegrationTests.Http;

namespace Loom.IntegrationTests.Runs;

/// <summary>The run endpoints of the real silo host, with the sample statement run it registers.</summary>
public sealed class RunHttpTests(SiloFactory silo) : IClassFixture<SiloFactory>
{
    private static readonly object Quick = new { maxAttempts = 3, backoff = "fixed", baseDelayMs = 20, maxDelayMs = 0 };

    private readonly HttpClient _http = silo.CreateClient();

    private async Task<string> OpenAccountAsync(string owner, int deposit)
    {
        var id = Ledger.NewId();
        var response = await _http.PostAsJsonAsync("/api/usecases/OpenAccount", new { payload = new { accountId = id, owner, initialDeposit = deposit } });
        response.EnsureSuccessStatusCode();
        return id;
    }

    private async Task<JsonElement> UntilEndedAsync(string runId)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            var status = await _http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
            if (status.GetProperty("phase").GetString() is "Completed" or "Failed" or "Cancelled" or "Halted")
            {
                return status;
            }
        }

        throw new TimeoutException($"run {runId} did not end within 60 s");
    }

    private async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_run_started_over_http_completes_and_its_status_and_history_show_the_retried_delivery()
    {
        var account = await OpenAccountAsync("Ann", 30);
        var runId = Guid.NewGuid().ToString("N");
        var body = new { runId, operationId = "month-end-statements", inputs = new { month = "2026-11", accounts = new[] { account } }, config = Quick };

        var created = await _http.PostAsJsonAsync("/api/runs", body);
        var ended = await UntilEndedAsync(runId);
        var again = await _http.PostAsJsonAsync("/api/runs", body);
        var history = await _http.GetFromJsonAsync<JsonElement[]>($"/api/runs/{runId}/history");
        var tail = await _http.GetFromJsonAsync<JsonElement[]>($"/api/runs/{runId}/history?from=3");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/runs/{runId}", created.Headers.Location?.OriginalString);
        Assert.Equal((runId, "month-end-statements"), ((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString(), ended.GetProperty("operationId").GetString()));
        Assert.Equal(("Completed", "the mail gateway did not answer"), (ended.GetProperty("phase").GetString(), ended.GetProperty("lastError").GetString()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(Enumerable.Range(1, history!.Length).Select(i => (long)i), history.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(history[2..].Select(e => e.GetProperty("sequence").GetInt64()), tail!.Select(e => e.GetProperty("sequence").GetInt64()));
        var failed = Assert.Single(history, e => e.GetProperty("type").GetString() == "StateFailed");
        Assert.Contains("\"stateId\":\"deliver\",\"attempt\":0", failed.GetProperty("json").GetString());
        var delivered = Assert.Single(history, e => e.GetProperty("type").GetString() == "DomainEventRecorded");
        Assert.Contains($"Statement 2026-11 for Ann, account {account}: closing balance 30.00", delivered.GetProperty("json").GetString());
    }

    [Fact]
    public async Task An_unknown_run_is_404_for_status_history_and_cancel()
    {
        var runId = Guid.NewGuid().ToString("N");

        var status = await ProblemAsync(await _http.GetAsync($"/api/runs/{runId}"), HttpStatusCode.NotFound);
        await ProblemAsync(await _http.GetAsync($"/api/runs/{runId}/history"), HttpStatusCode.NotFound);
        await ProblemAsync(await _http.PostAsync($"/api/runs/{runId}/cancel", null), HttpStatusCode.NotFound);

        Assert.Equal(("not_found", "Run", runId), (status.GetProperty("title").GetString(), status.GetProperty("entity").GetString(), status.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Bad_manifests_are_400_unknown_operations_404_and_another_manifest_for_a_run_409()
    {
        var runId = Guid.NewGuid().ToString("N");

        var floating = await ProblemAsync(await _http.PostAsJsonAsync("/api/runs", new { runId, operationId = "month-end-statements", inputs = new { rate = 0.5 } }), HttpStatusCode.BadRequest);
        var secret = await ProblemAsync(await _http.PostAsJsonAsync("/api/runs", new { runId, operationId = "month-end-statements", inputs = new { apiKey = "k" } }), HttpStatusCode.BadRequest);
        var backoff = await ProblemAsync(await _http.PostAsJsonAsync("/api/runs", new { runId, operationId = "month-end-statements", config = new { backoff = "linear" } }), HttpStatusCode.BadRequest);
        var endless = await ProblemAsync(await _http.PostAsJsonAsync("/api/runs", new { runId, operationId = "month-end-statements", config = new { baseDelayMs = long.MaxValue } }), HttpStatusCode.BadRequest);
        var negative = await ProblemAsync(await _http.PostAsJsonAsync("/api/runs", new { runId, operationId = "month-end-statements", config = new { maxDelayMs = -1 } }), HttpStatusCode.BadRequest);
        var missing = await ProblemAsync(await _http.PostAsJsonAsync("/api/runs", new { runId }), HttpStatusCode.BadRequest);
        var unknown = await ProblemAsync(await _http.PostAsJsonAsync("/api/runs", new { runId, operationId = "embezzle" }), HttpStatusCode.NotFound);
        await ProblemAsync(await _http.GetAsync($"/api/runs/{runId}"), HttpStatusCode.NotFound);

        Assert.Equal(("manifest_not_canonical", "$.inputs.rate"), (floating.GetProperty("title").GetString(), floating.GetProperty("path").GetString()));
        Assert.Equal(("secrets_detected", "$.inputs.apiKey"), (secret.GetProperty("title").GetString(), secret.GetProperty("path").GetString()));
        Assert.Equal(("invalid_run_config", "$.config.retry.backoff"), (backoff.GetProperty("title").GetString(), backoff.GetProperty("path").GetString()));
        Assert.Equal(("invalid_run_config", "$.config.baseDelayMs"), (endless.GetProperty("title").GetString(), endless.GetProperty("path").GetString()));
        Assert.Equal(("invalid_run_config", "$.config.maxDelayMs"), (negative.GetProperty("title").GetString(), negative.GetProperty("path").GetString()));
        Assert.True(missing.GetProperty("errors").TryGetProperty("operationId", out _));
        Assert.Equal(("unknown_operation", "embezzle"), (unknown.GetProperty("title").GetString(), unknown.GetProperty("operationId").GetString()));

        var first = await _http.PostAsJsonAsync("/api/runs", new { runId, operationId = "month-end-statements", inputs = new { month = "2026-11", accounts = Array.Empty<string>() }, config = Quick });
        var conflict = await ProblemAsync(await _http.PostAsJsonAsync("/api/runs", new { runId, operationId = "month-end-statements", inputs = new { month = "2026-12", accounts = Array.Empty<string>() }, config = Quick }), HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(("run_already_started", runId), (conflict.GetProperty("title").GetString(), conflict.GetProperty("runId").GetString()));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_run_endpoints()
    {
        var openApi = await _http.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/runs\"", openApi);
        Assert.Contains("\"/api/runs/{runId}\"", openApi);
        Assert.Contains("\"/api/runs/{runId}/history\"", openApi);
        Assert.Contains("\"/api/runs/{runId}/cancel\"", openApi);

        // A run's phase is described by its names, as responses carry it.
        Assert.Contains("\"NotStarted\"", openApi);
        Assert.Contains("\"Halted\"", openApi);
    }
}
