namespace Loom.Samples.Ledger;

/// <summary>The notice sent after a transfer committed, written by the <see cref="NotifyTransfer"/> job.</summary>
/// <param name="Id">The transfer's id.</param>
/// <param name="FromAccountId">The account debited.</param>
/// <param name="ToAccountId">The account credited.</param>
/// <param name="Amount">How much moved.</param>
[GenerateSerializer, Immutable]
public sealed record TransferNotice(
    [property: Id(0)] string Id,
    [property: Id(1)] string FromAccountId,
    [property: Id(2)] string ToAccountId,
    [property: Id(3)] decimal Amount);
