namespace Loom.Tests.Support;

/// <summary>When registered, in-memory repositories answer entity reads asynchronously, as grain-backed ones do.</summary>
public sealed class ReadLatency;
