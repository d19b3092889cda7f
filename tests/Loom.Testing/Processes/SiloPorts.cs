namespace Loom.Testing.Processes;

/// <summary>The three ports one silo process listens on: HTTP (health and API), silo-to-silo and gateway.</summary>
/// <param name="Http">The HTTP port.</param>
/// <param name="Silo">The silo-to-silo port.</param>
/// <param name="Gateway">The gateway port clients connect to.</param>
public readonly record struct SiloPorts(int Http, int Silo, int Gateway)
{
    /// <summary>Three ports that are free now; the silo binds them a moment later.</summary>
    public static SiloPorts Free() => new(FreeTcpPort.Next(), FreeTcpPort.Next(), FreeTcpPort.Next());
}
