using Loom.UseCases;

namespace Loom.Samples.Ledger;

/// <summary>Reads the notice of a transfer, once its job has run.</summary>
[UseCase(ReadOnly = true)]
public sealed class GetTransferNotice
{
    /// <summary>Returns the notice.</summary>
    public TransferNotice Execute(
        string transferId,
        [LoadById(From.Param, nameof(transferId))] TransferNotice notice) => notice;
}
