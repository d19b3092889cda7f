namespace Loom.Runs;

/// <summary>A dependency: <paramref name="To"/> runs only once <paramref name="From"/> has completed.</summary>
public sealed record RunEdge(string From, string To);
