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

    /// <summary>
    /// How long a silo told to stop (SIGTERM, which Container Apps sends on every revision and scale-in
    /// and follows with SIGKILL after a 30 s grace) may take to hand its work over and leave the cluster;
    /// past it the silo stops without waiting. Default 20 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Fails with a message naming the setting when the ports or the shutdown timeout cannot work.</summary>
    /// <exception cref="InvalidOperationException">A port is out of range, both are the same, or the shutdown timeout is not positive.</exception>
    public void Validate()
    {
        if (ShutdownTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Section}:{nameof(ShutdownTimeout)} is {ShutdownTimeout}; it must be positive.");
        }

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
