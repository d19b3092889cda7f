namespace Loom.Silo.Hosting;

/// <summary>Settings of the Loom silo host, bound from <c>Loom:Silo</c>.</summary>
public sealed class LoomSiloOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Loom:Silo";

    /// <summary>The port silos talk to each other on. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port Orleans clients (such as the <c>loom</c> CLI) connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;
}
