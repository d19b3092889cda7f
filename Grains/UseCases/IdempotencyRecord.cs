using Loom.Errors;

namespace Loom.UseCases;

/// <summary>The transactional state of an <see cref="IdempotencyGrain"/>: the first execution's outcome and when it was recorded.</summary>
[GenerateSerializer]
public sealed class IdempotencyRecord
{
    /// <summary>The committed result as UTF-8 JSON, when the execution succeeded.</summary>
    [Id(0)]
    public byte[]? Result { get; set; }

    /// <summary>The typed error, when the execution failed.</summary>
    [Id(1)]
    public LoomError? Error { get; set; }

    /// <summary>When the outcome was recorded; null while none is.</summary>
    [Id(2)]
    public DateTimeOffset? RecordedAt { get; set; }
}
