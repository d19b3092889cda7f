namespace Loom.Runs.Storage;

/// <summary>
/// One stored event of a run's history. The store keeps the type and the bytes as given; what they
/// mean is the run engine's business.
/// </summary>
/// <param name="Sequence">The event's place in the run's stream: 1 for the first, without gaps.</param>
/// <param name="Type">The event's type name, as the engine gave it.</param>
/// <param name="Data">The event's serialized body.</param>
/// <param name="RecordedAt">When the store appended the event (UTC).</param>
public sealed record StoredRunEvent(long Sequence, string Type, ReadOnlyMemory<byte> Data, DateTimeOffset RecordedAt);
