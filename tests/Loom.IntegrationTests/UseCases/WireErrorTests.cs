using Loom.Errors;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.IntegrationTests.UseCases;

/// <summary>Bad calls through the executor grain come back as typed errors that name what is wrong.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WireErrorTests(ClusterFixture fixture)
{
    private IUseCaseExecutorGrain Executor => fixture.Client.GetGrain<IUseCaseExecutorGrain>(0);

    [Fact]
    public async Task An_unknown_use_case_is_named()
    {
        var error = await Assert.ThrowsAsync<UnknownUseCase>(() => Executor.ExecuteAsync(new UseCaseRequest("Embezzle")));
        Assert.Equal("Embezzle", error.Name);
    }

    [Fact]
    public async Task Malformed_payload_json_is_refused_with_its_position()
    {
        var error = await Assert.ThrowsAsync<PayloadError>(() =>
            Executor.ExecuteAsync(new UseCaseRequest(nameof(Deposit), Payload: Utf8("""{"accountId": "a", "amount": """))));
        Assert.Equal(("Deposit", "$.amount"), (error.UseCase, error.Field));
        Assert.Contains("Expected depth to be zero at the end of the JSON payload", error.Reason);
    }

    [Fact]
    public async Task Malformed_parameter_json_is_refused()
    {
        var error = await Assert.ThrowsAsync<ParameterBindingError>(() =>
            Executor.ExecuteAsync(new UseCaseRequest(nameof(GetAccount), Parameters: Utf8("{accountId:"))));
        Assert.Contains("malformed JSON", error.Received);
    }

    [Fact]
    public async Task A_wrong_payload_type_names_the_field()
    {
        var error = await Assert.ThrowsAsync<PayloadError>(() =>
            Executor.ExecuteAsync(new UseCaseRequest(nameof(Deposit), Payload: Utf8("""{"accountId":"a","amount":"lots"}"""))));
        Assert.Equal("$.amount", error.Field);
    }

    [Fact]
    public async Task A_wrong_parameter_type_names_the_parameter()
    {
        var error = await Assert.ThrowsAsync<ParameterBindingError>(() =>
            Executor.ExecuteAsync(new UseCaseRequest(nameof(GetAccount), Parameters: Utf8("""{"accountId":{"nested":1}}"""))));
        Assert.Equal(("accountId", "String"), (error.Parameter, error.ExpectedType));
    }

    [Fact]
    public async Task An_oversized_payload_is_refused_before_it_is_parsed()
    {
        var payload = $$"""{"accountId":"a","owner":"{{new string('x', 1_100_000)}}"}""";

        var error = await Assert.ThrowsAsync<PayloadError>(() =>
            Executor.ExecuteAsync(new UseCaseRequest(nameof(OpenAccount), Payload: Utf8(payload))));

        Assert.Contains("the limit is 1048576", error.Reason);
    }

    [Fact]
    public async Task The_catalog_describes_every_use_case()
    {
        var described = await Executor.DescribeAsync();

        var getAccount = Assert.Single(described, d => d.Name == nameof(GetAccount));
        Assert.True(getAccount.ReadOnly);
        Assert.Equal(["accountId: String"], getAccount.Parameters);
        Assert.Equal(nameof(TransferCommand), Assert.Single(described, d => d.Name == nameof(Transfer)).Command);
    }

    private static byte[] Utf8(string json) => System.Text.Encoding.UTF8.GetBytes(json);
}
