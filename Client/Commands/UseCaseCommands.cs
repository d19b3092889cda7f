using System.Text;
using System.Text.Json;
using Loom.Errors;
using Loom.UseCases;

namespace Loom.Client.Commands;

/// <summary>What <c>loom usecases</c> and <c>loom run</c> do, given a connection to the cluster.</summary>
internal sealed class UseCaseCommands(IGrainFactory grains, TextWriter output, TextWriter errors)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Prints every registered use case with its parameters and command.</summary>
    public async Task<int> ListAsync()
    {
        foreach (var useCase in await grains.GetUseCaseExecutor().DescribeAsync())
        {
            var inputs = useCase.Parameters.Concat(useCase.Command is null ? [] : [$"payload: {useCase.Command}"]);
            await output.WriteLineAsync($"{useCase.Name}{(useCase.ReadOnly ? " (read-only)" : "")}  {string.Join(", ", inputs)}");
        }

        return ExitCodes.Success;
    }

    /// <summary>Runs a use case and prints its result as indented JSON, or its error and what it names.</summary>
    public async Task<int> RunAsync(string useCase, IReadOnlyList<string> parameters, string? payload, string? idempotencyKey = null)
    {
        string? parametersJson;
        try
        {
            parametersJson = ParameterArguments.ToJson(parameters);
        }
        catch (FormatException error)
        {
            await errors.WriteLineAsync($"error: {error.Message}");
            return ExitCodes.BadInput;
        }

        try
        {
            var result = await grains.ExecuteUseCaseAsync(new UseCaseRequest(
                useCase,
                parametersJson is null ? null : Encoding.UTF8.GetBytes(parametersJson),
                payload is null ? null : Encoding.UTF8.GetBytes(payload),
                idempotencyKey));
            using var document = JsonDocument.Parse(result);
            await output.WriteLineAsync(JsonSerializer.Serialize(document.RootElement, Indented));
            return ExitCodes.Success;
        }
        catch (LoomError error)
        {
            if (error is RuleViolations violations)
            {
                await errors.WriteLineAsync($"error[{error.Code}]: {violations.UseCase} broke {violations.Violations.Count} rule(s):");
                foreach (var violation in violations.Violations)
                {
                    await errors.WriteLineAsync($"  {violation.Field}: {violation.Message}");
                }
            }
            else
            {
                await errors.WriteLineAsync($"error[{error.Code}]: {error.Message}");
            }

            return error is UnknownUseCase or ParameterBindingError or PayloadError or InvalidIdempotencyKey or IdempotencyKeyReused ? ExitCodes.BadInput : ExitCodes.Refused;
        }
    }
}
