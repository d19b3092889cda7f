namespace Loom.Errors;

/// <summary>
/// A run's manifest or the request to start it cannot be accepted: the manifest is not canonical
/// JSON (a float, a duplicate key), holds a secret, or disagrees with the start request.
/// </summary>
[GenerateSerializer]
public sealed class InvalidRunManifest : LoomError
{
    /// <summary>The code for a manifest that has no single canonical form (a float, a duplicate key).</summary>
    public const string NotCanonical = "manifest_not_canonical";

    /// <summary>The code for a value under a key that looks like a secret.</summary>
    public const string SecretsDetected = "secrets_detected";

    /// <summary>The code for a start request whose manifest id is not the hash of its manifest.</summary>
    public const string ManifestIdMismatch = "manifest_id_mismatch";

    /// <summary>The code for a start request naming another operation than its manifest.</summary>
    public const string OperationMismatch = "manifest_op_id_mismatch";

    /// <summary>The code for a start request whose run config differs from its manifest's.</summary>
    public const string RunConfigMismatch = "run_config_mismatch";

    /// <summary>The code for a run config that cannot work (no attempts, a negative delay, a base delay above the cap).</summary>
    public const string InvalidRunConfig = "invalid_run_config";

    /// <summary>Creates the error for the fault's code, where in the manifest it is, and what is wrong.</summary>
    public InvalidRunManifest(string code, string path, string message)
        : base($"{path}: {message}")
    {
        FaultCode = code;
        Path = path;
    }

    /// <summary>Which fault: one of the constants of this class.</summary>
    [Id(0)]
    public string FaultCode { get; }

    /// <summary>Where: a JSON path into the manifest (<c>$.inputs.db.password</c>) or the request field at fault.</summary>
    [Id(1)]
    public string Path { get; }

    /// <inheritdoc />
    public override string Code => FaultCode;
}
