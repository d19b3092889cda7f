namespace Loom.UseCases;

/// <summary>
/// Hears from the Orleans client when it loses a gateway connection, and tells the executor lanes,
/// which then find out whose calls went through it.
/// </summary>
internal sealed class GatewayLossSignal : IClusterConnectionStatusObserver
{
    /// <summary>Raised after the client lost a gateway connection, or all of them.</summary>
    public event Action? GatewayLost;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            GatewayLost?.Invoke();
        }
    }

    public void NotifyClusterConnectionLost() => GatewayLost?.Invoke();
}
