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

    /// <summary>Fails with a message naming the setting when the ports cannot work.</summary>
    /// <exception cref="InvalidOperationException">A port is out of range, or both are the same.</exception>
    public void Validate()
    {
        foreach (var (name, port) in new[] { (nameof(SiloPort), SiloPort), (nameof(GatewayPort), GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                throw new InvalidOperationException($"{Section}:{name} is {port}; a port must be between 1 and 65535.");
            }
        }

        if (SiloPort == GatewayPort)
        {
            throw new InvalidOperationException($"{Section}:SiloPort and {Section}:GatewayPort are both {SiloPort}; they must differ.");
        }
    }
}
