namespace Loom.UseCases;

/// <summary>Well-known load profile names.</summary>
public static class LoadProfiles
{
    /// <summary>The entity exactly as stored.</summary>
    public const string Default = "default";
}
