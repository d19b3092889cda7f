using Orleans.Storage;

namespace Loom.Silo.Persistence;

/// <summary>Settings of grain storage on Loom's table port.</summary>
public sealed class TableGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The table grain state is written to.</summary>
    public string TableName { get; set; } = "LoomGrainState";

    /// <summary>
    /// How state is turned into bytes. Unless set here (or registered as a keyed service under the
    /// provider's name), Orleans' own binary serializer, which tolerates added and removed fields
    /// (<c>[Id]</c> members) across versions and is several times faster than JSON.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
