namespace Loom.Errors;

/// <summary>
/// A call under an idempotency key whose first execution had other parameters or another payload: a
/// retry must repeat them byte for byte, so this call is refused rather than answered with an outcome
/// that is not its own.
/// </summary>
[GenerateSerializer]
public sealed class IdempotencyKeyReused : LoomError
{
    /// <summary>Creates the error.</summary>
    public IdempotencyKeyReused(string useCase, string key)
        : base($"the idempotency key {InvalidIdempotencyKey.Shown(key)} was first used for {useCase} with other parameters or payload; " +
            "a retry must send the same ones, byte for byte, and a new call a new key")
    {
        UseCase = useCase;
        Key = key;
    }

    /// <summary>The use case called.</summary>
    [Id(0)]
    public string UseCase { get; }

    /// <summary>The key as sent.</summary>
    [Id(1)]
    public string Key { get; }

    /// <inheritdoc />
    public override string Code => "idempotency_key_reused";
}
