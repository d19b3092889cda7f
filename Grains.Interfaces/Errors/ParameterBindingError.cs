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

    /// <summary>Creates the error for a parameter the use case does not declare.</summary>
    /// <param name="useCase">The use case being called.</param>
    /// <param name="parameter">The name the caller gave.</param>
    public ParameterBindingError(string useCase, string parameter)
        : base($"{useCase}: unknown parameter '{parameter}'; Execute declares no parameter of that name.")
    {
        UseCase = useCase;
        Parameter = parameter;
        ExpectedType = "none";
    }

    /// <summary>The use case being called.</summary>
    [Id(0)]
    public string UseCase { get; }

    /// <summary>The parameter at fault.</summary>
    [Id(1)]
    public string Parameter { get; }

    /// <summary>The type the use case declares for it; <c>none</c> for a parameter it does not declare.</summary>
    [Id(2)]
    public string ExpectedType { get; }

    /// <summary>The value received, as text; null when the parameter was missing or is unknown.</summary>
    [Id(3)]
    public string? Received { get; }

    /// <inheritdoc />
    public override string Code => "invalid_parameter";
}
