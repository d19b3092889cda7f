namespace Loom.Runs.Storage;

/// <summary>An event to append: the store gives it its sequence and its time.</summary>
/// <param name="Type">The event's type name; not empty.</param>
/// <param name="Data">The event's serialized body; may be empty.</param>
public readonly record struct NewRunEvent(string Type, ReadOnlyMemory<byte> Data);
