using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Loom.IntegrationTests.Http;

/// <summary>The HTTP API of the real silo host: results, and typed errors as problem details that keep their facts.</summary>
public sealed class HttpApiTests(SiloFactory silo) : IClassFixture<SiloFactory>
{
    private readonly HttpClient _http = silo.CreateClient();

    [Fact]
    public async Task Runs_a_use_case_and_returns_its_result()
    {
        var id = Ledger.NewId();

        var response = await PostAsync("OpenAccount", new { payload = new { accountId = id, owner = "Ann", initialDeposit = 12.5 } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var account = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((id, 12.5m), (account.GetProperty("id").GetString(), account.GetProperty("balance").GetDecimal()));
    }

    [Fact]
    public async Task Rule_violations_are_422_with_every_violation()
    {
        var problem = await ProblemAsync("Transfer", new { payload = new { fromAccountId = "x", toAccountId = "x", amount = 0 } }, HttpStatusCode.NotFound);
        Assert.Equal("not_found", problem.GetProperty("title").GetString());

        var id = Ledger.NewId();
        await PostAsync("OpenAccount", new { payload = new { accountId = id, owner = "Ann" } });
        var violations = await ProblemAsync("Transfer", new { payload = new { fromAccountId = id, toAccountId = id, amount = 0 } }, HttpStatusCode.UnprocessableEntity);

        Assert.Equal(
            ["Amount", "ToAccountId"],
            violations.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task A_missing_entity_is_404_naming_entity_and_id()
    {
        var problem = await ProblemAsync("GetAccount", new { parameters = new { accountId = "nobody" } }, HttpStatusCode.NotFound);

        Assert.Equal(("Account", "nobody"), (problem.GetProperty("entity").GetString(), problem.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Bad_input_is_400_naming_what_is_wrong()
    {
        var parameter = await ProblemAsync("GetAccount", new { parameters = new { accountId = 5 } }, HttpStatusCode.BadRequest);
        var payload = await ProblemAsync("Deposit", new { payload = new { accountId = "a", amount = "lots" } }, HttpStatusCode.BadRequest);
        var unknown = await ProblemAsync("Embezzle", new { }, HttpStatusCode.NotFound);

        Assert.Equal(("invalid_parameter", "accountId", "5"), (parameter.GetProperty("title").GetString(), parameter.GetProperty("parameter").GetString(), parameter.GetProperty("received").GetString()));
        Assert.Equal(("invalid_payload", "$.amount"), (payload.GetProperty("title").GetString(), payload.GetProperty("field").GetString()));
        Assert.Equal("Embezzle", unknown.GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_idempotency_key_header_makes_a_retried_transfer_return_the_first_result_and_a_bad_key_is_400()
    {
        var (a, b) = (Ledger.NewId(), Ledger.NewId());
        await PostAsync("OpenAccount", new { payload = new { accountId = a, owner = "Ann", initialDeposit = 50 } });
        await PostAsync("OpenAccount", new { payload = new { accountId = b, owner = "Bob" } });
        var transfer = new { payload = new { fromAccountId = a, toAccountId = b, amount = 20 } };
        var key = Guid.NewGuid().ToString();

        var first = await KeyedAsync("Transfer", transfer, key);
        var retried = await KeyedAsync("Transfer", transfer, key);
        var bad = await KeyedAsync("Transfer", transfer, " ");
        var reused = await KeyedAsync("Transfer", new { payload = new { fromAccountId = a, toAccountId = b, amount = 25 } }, key);
        var balance = await (await PostAsync("GetAccount", new { parameters = new { accountId = a } })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retried.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retried.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("invalid_idempotency_key", "Idempotency-Key"), (problem.GetProperty("title").GetString(), problem.GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        var reuse = await reused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("idempotency_key_reused", "Idempotency-Key"), (reuse.GetProperty("title").GetString(), reuse.GetProperty("field").GetString()));
        Assert.Equal(30m, balance.GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task Lists_use_cases_serves_its_openapi_document_and_answers_health_probes()
    {
        var useCases = await _http.GetFromJsonAsync<JsonElement>("/api/usecases");
        var openApi = await _http.GetStringAsync("/openapi/v1.json");

        Assert.Contains(useCases.EnumerateArray(), u => u.GetProperty("name").GetString() == "Transfer");
        Assert.Equal(JsonValueKind.Array, (await _http.GetFromJsonAsync<JsonElement>("/api/jobs/failed")).ValueKind);
        Assert.Contains("/api/jobs/pending", openApi);
        Assert.Contains("/api/usecases/{name}", openApi);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health/ready")).StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string useCase, object body) => _http.PostAsJsonAsync($"/api/usecases/{useCase}", body);

    private Task<HttpResponseMessage> KeyedAsync(string useCase, object body, string key) =>
        _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/usecases/{useCase}")
        {
            Content = JsonContent.Create(body),
            Headers = { { "Idempotency-Key", key } },
        });

    private async Task<JsonElement> ProblemAsync(string useCase, object body, HttpStatusCode expected)
    {
        var response = await PostAsync(useCase, body);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
