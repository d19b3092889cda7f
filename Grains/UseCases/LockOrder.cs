namespace Loom.UseCases;

/// <summary>
/// The canonical order in which a write use case takes its locks: by entity type, then field, then
/// key, compared ordinally, so that every execution on every silo agrees.
/// </summary>
internal sealed class LockOrder : IComparer<(string? Type, string Field, string? Key)>
{
    public static readonly LockOrder Instance = new();

    public int Compare((string? Type, string Field, string? Key) x, (string? Type, string Field, string? Key) y)
    {
        var byType = string.CompareOrdinal(x.Type, y.Type);
        if (byType != 0)
        {
            return byType;
        }

        var byField = string.CompareOrdinal(x.Field, y.Field);
        return byField != 0 ? byField : string.CompareOrdinal(x.Key, y.Key);
    }
}
