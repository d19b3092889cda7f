using Loom.Client.Commands;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.IntegrationTests.Client;

/// <summary>The <c>loom</c> commands against a real cluster, as the CLI runs them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CliTests(ClusterFixture fixture)
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _errors = new();

    private UseCaseCommands Commands => new(fixture.Client, _output, _errors);

    [Fact]
    public async Task Lists_the_use_cases_with_their_inputs()
    {
        Assert.Equal(ExitCodes.Success, await Commands.ListAsync());
        Assert.Contains("GetAccount (read-only)  accountId: String", _output.ToString());
        Assert.Contains("Transfer  payload: TransferCommand", _output.ToString());
    }

    [Fact]
    public async Task Runs_a_use_case_with_parameters_and_prints_its_result()
    {
        var id = Guid.NewGuid().ToString("N");
        await fixture.Client.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new OpenAccountCommand(id, "Ann", 42));

        Assert.Equal(ExitCodes.Success, await Commands.RunAsync(nameof(GetAccount), [$"accountId={id}"], payload: null));

        Assert.Contains("\"balance\": 42", _output.ToString());
    }

    [Fact]
    public async Task Runs_a_transfer_once_per_idempotency_key_and_refuses_a_blank_key_as_bad_input()
    {
        var (a, b) = await fixture.Client.OpenTwoAsync(10, 0);
        var transfer = $$"""{"fromAccountId":"{{a}}","toAccountId":"{{b}}","amount":4}""";
        var key = Guid.NewGuid().ToString();

        Assert.Equal(ExitCodes.Success, await Commands.RunAsync(nameof(Transfer), [], transfer, key));
        Assert.Equal(ExitCodes.Success, await Commands.RunAsync(nameof(Transfer), [], transfer, key));
        Assert.Equal(ExitCodes.BadInput, await Commands.RunAsync(nameof(Transfer), [], transfer, "  "));

        Assert.Equal(6m, await fixture.Client.BalanceAsync(a));
        Assert.StartsWith("error[invalid_idempotency_key]:", _errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prints_every_rule_violation_and_exits_with_refused()
    {
        var id = Guid.NewGuid().ToString("N");
        await fixture.Client.ExecuteUseCaseAsync(nameof(OpenAccount), payload: new OpenAccountCommand(id, "Ann", 1));

        var code = await Commands.RunAsync(nameof(Transfer), [], $$"""{"fromAccountId":"{{id}}","toAccountId":"{{id}}","amount":0}""");

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Equal(
            ["error[rule_violations]: Transfer broke 2 rule(s):", "  Amount: must be positive", "  ToAccountId: must differ from the account debited"],
            _errors.ToString().TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public async Task Prints_a_missing_entity_and_exits_with_refused()
    {
        var code = await Commands.RunAsync(nameof(GetAccount), ["accountId=nobody"], null);

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Contains("error[not_found]: Account 'nobody' was not found.", _errors.ToString());
    }

    [Fact]
    public async Task Bad_input_exits_with_bad_input_and_names_the_fault()
    {
        Assert.Equal(ExitCodes.BadInput, await Commands.RunAsync("Nope", [], null));
        Assert.Equal(ExitCodes.BadInput, await Commands.RunAsync(nameof(GetAccount), ["accountId"], null));
        Assert.Equal(ExitCodes.BadInput, await Commands.RunAsync(nameof(Deposit), [], "{not json"));
        Assert.Contains("error[unknown_use_case]", _errors.ToString());
        Assert.Contains("parameter 'accountId' must look like name=value", _errors.ToString());
        Assert.Contains("error[invalid_payload]", _errors.ToString());
    }

    [Fact]
    public void Parameter_values_keep_their_json_types()
    {
        Assert.Equal("""{"n":5,"flag":true,"name":"acc-1"}""", ParameterArguments.ToJson(["n=5", "flag=true", "name=acc-1"]));
        Assert.Null(ParameterArguments.ToJson([]));
    }
}
