namespace Loom.Errors;

/// <summary>No use case is registered under the name a caller gave.</summary>
[GenerateSerializer]
public sealed class UnknownUseCase : LoomError
{
    /// <summary>Creates the error for the name that matched nothing.</summary>
    public UnknownUseCase(string name) : base($"No use case is registered as '{name}'.")
    {
        Name = name;
    }

    /// <summary>The name the caller gave.</summary>
    [Id(0)]
    public string Name { get; }

    /// <inheritdoc />
    public override string Code => "unknown_use_case";
}
