namespace Loom.Entities;

/// <summary>
/// The grain key of one unique value: entity, field and value, each escaped so that the key can be
/// split back into its parts and no two values share a key.
/// </summary>
public readonly record struct UniqueIndexKey(string Entity, string Field, string Value)
{
    private const char Separator = '/';

    /// <summary>The grain key.</summary>
    public override string ToString() =>
        string.Join(Separator, Uri.EscapeDataString(Entity), Uri.EscapeDataString(Field), Uri.EscapeDataString(Value));

    /// <summary>Splits a grain key made by <see cref="ToString"/>.</summary>
    public static UniqueIndexKey Parse(string key)
    {
        var parts = key.Split(Separator);
        if (parts.Length != 3)
        {
            throw new FormatException($"'{key}' is not a unique index key.");
        }

        return new UniqueIndexKey(Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]), Uri.UnescapeDataString(parts[2]));
    }
}
