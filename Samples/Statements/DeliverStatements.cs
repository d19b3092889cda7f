using Loom.Runs;

namespace Loom.Samples.Statements;

/// <summary>
/// The <c>deliver</c> state: sends each rendered statement and emits a <c>statement-delivered</c>
/// event per account. It is flaky on purpose, failing retryably on its first attempt, so the sample
/// shows a run riding out a failure with its retry policy.
/// </summary>
public sealed class DeliverStatements : IRunStateHandler
{
    /// <summary>The name of the event emitted for each statement delivered.</summary>
    public const string Delivered = "statement-delivered";

    /// <inheritdoc />
    public Task ExecuteAsync(RunStateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Attempt == 0)
        {
            throw new RunStateException("the mail gateway did not answer", retryable: true);
        }

        var month = context.Context["month"]!.GetValue<string>();
        foreach (var (accountId, statement) in context.Context["statements"]!.AsObject())
        {
            context.Emit(Delivered, new { accountId, month, statement = statement!.GetValue<string>() });
        }

        return Task.CompletedTask;
    }
}
