namespace Loom.Errors;

/// <summary>An idempotency key that cannot be used: blank, longer than <see cref="MaxLength"/>, or holding control characters.</summary>
[GenerateSerializer]
public sealed class InvalidIdempotencyKey : LoomError
{
    /// <summary>The longest key accepted, in characters.</summary>
    public const int MaxLength = 200;

    /// <summary>Creates the error.</summary>
    public InvalidIdempotencyKey(string key, string reason)
        : base($"the idempotency key {Shown(key)} {reason}")
    {
        Key = key;
    }

    /// <summary>The key as sent.</summary>
    [Id(0)]
    public string Key { get; }

    /// <inheritdoc />
    public override string Code => "invalid_idempotency_key";

    /// <summary>A key as messages show it: its first 40 characters.</summary>
    internal static string Shown(string key) => key.Length > 40 ? key[..40] + "…" : key;

    /// <summary>Throws when <paramref name="key"/> cannot be used.</summary>
    /// <exception cref="InvalidIdempotencyKey">The key is blank, too long, or holds control characters.</exception>
    public static void ThrowIfInvalid(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidIdempotencyKey(key, "is blank");
        }

        if (key.Length > MaxLength)
        {
            throw new InvalidIdempotencyKey(key, $"is {key.Length} characters long; the limit is {MaxLength}");
        }

        if (key.Any(char.IsControl))
        {
            throw new InvalidIdempotencyKey(key, "holds control characters");
        }
    }
}
