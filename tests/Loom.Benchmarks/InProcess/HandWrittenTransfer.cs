using System.Text.Json;
using Loom.Errors;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.Benchmarks.InProcess;

/// <summary>The transfer as a developer would write it by hand: parse, load, check, write.</summary>
public sealed class HandWrittenTransfer(AccountStore store)
{
    public Task<TransferResult> ExecuteAsync(byte[] payload) => Task.FromResult(TransferRules.Run(
        store,
        JsonSerializer.Deserialize<TransferCommand>(payload, LoomJson.Options) ?? throw new PayloadError("Transfer", "$", "empty payload")));
}
