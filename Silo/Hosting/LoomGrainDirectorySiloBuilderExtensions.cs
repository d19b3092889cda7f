using Orleans.Hosting;

namespace Loom.Silo.Hosting;

/// <summary>Chooses where a Loom cluster keeps track of which silo each grain lives on.</summary>
public static class LoomGrainDirectorySiloBuilderExtensions
{
    /// <summary>
    /// Uses Orleans' distributed grain directory instead of its default one. Measured with three silo
    /// processes under transfer load, one killed: on the default directory, calls to the grains the
    /// dead silo had held (transaction managers among them) were still routed through it after it was
    /// declared dead, and the survivors never recovered; on this one they recovered about 20 s after
    /// the kill. Every silo of a cluster must use the same directory. Orleans marks it experimental
    /// (ORLEANSEXP003) in 10.4.
    /// </summary>
    public static ISiloBuilder UseLoomGrainDirectory(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
#pragma warning disable ORLEANSEXP003
        return builder.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
    }
}
