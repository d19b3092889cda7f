using System.Text.Json;
using Loom.Runs;

namespace Loom.Samples.Statements;

/// <summary>Reads the statement run's inputs, <c>{"month":"2026-11","accounts":["acc-1","acc-2"]}</c>.</summary>
internal static class StatementInputs
{
    public static string Month(JsonElement inputs) =>
        inputs.ValueKind == JsonValueKind.Object && inputs.TryGetProperty("month", out var month) && month.ValueKind == JsonValueKind.String
            ? month.GetString()!
            : throw Refused("the inputs need a \"month\", such as \"2026-11\"");

    public static IEnumerable<string> Accounts(JsonElement inputs) =>
        inputs.ValueKind == JsonValueKind.Object && inputs.TryGetProperty("accounts", out var accounts) && accounts.ValueKind == JsonValueKind.Array
            && accounts.EnumerateArray().All(a => a.ValueKind == JsonValueKind.String)
            ? accounts.EnumerateArray().Select(a => a.GetString()!).ToList()
            : throw Refused("the inputs need \"accounts\", an array of account ids");

    // Bad inputs stay bad on every attempt, so retrying them would only delay the failure.
    private static RunStateException Refused(string message) => new(message, retryable: false);
}
