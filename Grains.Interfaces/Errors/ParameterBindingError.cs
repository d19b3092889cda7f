namespace Loom.Errors;

/// <summary>A caller's parameter is missing or cannot be converted to the type the use case declares.</summary>
[GenerateSerializer]
public sealed class ParameterBindingError : LoomError
{
    /// <summary>Creates the error.</summary>
    /// <param name="useCase">The use case being called.</param>
    /// <param name="parameter">The parameter at fault.</param>
    /// <param name="expectedType">The type the use case declares.</param>
    /// <param name="received">The value received, as text, or null when the parameter was missing.</param>
    public ParameterBindingError(string useCase, string parameter, string expectedType, string? received)
        : base(received is null
            ? $"{useCase}: missing required parameter '{parameter}' ({expectedType})."
            : $"{useCase}: invalid value for parameter '{parameter}': expected {expectedType}, got {received}.")
    {
        UseCase = useCase;
        Parameter = parameter;
        ExpectedType = expectedType;
        Received = received;
    }

    /// <summary>The use case being called.</summary>
    [Id(0)]
    public string UseCase { get; }

    /// <summary>The parameter at fault.</summary>
    [Id(1)]
    public string Parameter { get; }

    /// <summary>The type the use case declares for it.</summary>
    [Id(2)]
    public string ExpectedType { get; }

    /// <summary>The value received, as text; null when the parameter was missing.</summary>
    [Id(3)]
    public string? Received { get; }

    /// <inheritdoc />
    public override string Code => "invalid_parameter";
}
