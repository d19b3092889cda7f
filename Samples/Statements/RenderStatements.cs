using System.Globalization;
using System.Text.Json.Nodes;
using Loom.Runs;

namespace Loom.Samples.Statements;

/// <summary>
/// The <c>render</c> state: writes one statement text per account collected, under
/// <c>statements.{accountId}</c> in the context.
/// </summary>
public sealed class RenderStatements : IRunStateHandler
{
    /// <inheritdoc />
    public Task ExecuteAsync(RunStateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var month = context.Context["month"]!.GetValue<string>();
        var statements = new JsonObject();
        foreach (var account in context.Context["accounts"]!.AsArray())
        {
            var id = account!["id"]!.GetValue<string>();
            var balance = account["balance"]!.GetValue<decimal>().ToString("0.00", CultureInfo.InvariantCulture);
            statements[id] = $"Statement {month} for {account["owner"]!.GetValue<string>()}, account {id}: closing balance {balance}";
        }

        context.Context["statements"] = statements;
        return Task.CompletedTask;
    }
}
