using Loom.Samples.Ledger;

namespace Loom.Benchmarks.InProcess;

/// <summary>The transfer as a Wolverine handler, invoked in-process through the message bus.</summary>
public static class WolverineTransferHandler
{
    public static TransferResult Handle(TransferCommand command, AccountStore store) => TransferRules.Run(store, command);
}
