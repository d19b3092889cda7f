namespace Loom.Errors;

/// <summary>The JSON payload of a use case's command is missing, malformed, too large or does not fit the command.</summary>
[GenerateSerializer]
public sealed class PayloadError : LoomError
{
    /// <summary>Creates the error.</summary>
    /// <param name="useCase">The use case being called.</param>
    /// <param name="field">The JSON path of the field at fault, or <c>$</c> for the payload as a whole.</param>
    /// <param name="reason">What is wrong.</param>
    public PayloadError(string useCase, string field, string reason)
        : base($"{useCase}: invalid payload at '{field}': {reason}")
    {
        UseCase = useCase;
        Field = field;
        Reason = reason;
    }

    /// <summary>The use case being called.</summary>
    [Id(0)]
    public string UseCase { get; }

    /// <summary>The JSON path of the field at fault, or <c>$</c> for the payload as a whole.</summary>
    [Id(1)]
    public string Field { get; }

    /// <summary>What is wrong.</summary>
    [Id(2)]
    public string Reason { get; }

    /// <inheritdoc />
    public override string Code => "invalid_payload";
}
