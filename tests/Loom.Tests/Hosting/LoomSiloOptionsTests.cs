using Loom.Silo.Hosting;

namespace Loom.Tests.Hosting;

public sealed class LoomSiloOptionsTests
{
    [Theory]
    [InlineData(0, 30000, "Loom:Silo:SiloPort is 0")]
    [InlineData(11111, 70000, "Loom:Silo:GatewayPort is 70000")]
    [InlineData(5000, 5000, "Loom:Silo:SiloPort and Loom:Silo:GatewayPort are both 5000")]
    public void A_bad_port_names_the_setting(int siloPort, int gatewayPort, string message)
    {
        var options = new LoomSiloOptions { SiloPort = siloPort, GatewayPort = gatewayPort };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void A_shutdown_timeout_that_is_not_positive_names_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(new LoomSiloOptions { ShutdownTimeout = TimeSpan.Zero }.Validate);

        Assert.StartsWith("Loom:Silo:ShutdownTimeout is 00:00:00", error.Message);
    }

    [Fact]
    public void The_defaults_are_valid() => new LoomSiloOptions().Validate();
}
