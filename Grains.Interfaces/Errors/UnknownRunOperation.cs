namespace Loom.Errors;

/// <summary>A run names an operation (or a version of it) this silo has not registered.</summary>
[GenerateSerializer]
public sealed class UnknownRunOperation : LoomError
{
    /// <summary>Creates the error; <paramref name="version"/> is null when no version at all is registered.</summary>
    public UnknownRunOperation(string operationId, int? version)
        : base(version is null ? $"No operation '{operationId}' is registered." : $"Operation '{operationId}' version {version} is not registered.")
    {
        OperationId = operationId;
        Version = version;
    }

    /// <summary>The operation named.</summary>
    [Id(0)]
    public string OperationId { get; }

    /// <summary>The version named, if one was.</summary>
    [Id(1)]
    public int? Version { get; }

    /// <inheritdoc />
    public override string Code => "unknown_operation";
}
