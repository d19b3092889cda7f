using Loom.Entities;
using Loom.UseCases;

namespace Loom.Samples.Ledger;

/// <summary>The job a transfer dispatches: records the notice for the two account holders.</summary>
[UseCase]
public sealed class NotifyTransfer(IRepository<TransferNotice> notices)
{
    /// <summary>Saves the notice; running it twice saves the same notice.</summary>
    public Task Execute([Input] TransferNotice notice) => notices.SaveAsync(notice);
}
