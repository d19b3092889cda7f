namespace Loom.Runs;

/// <summary>One state of an operation's graph: its id and the handler type that does its work.</summary>
/// <param name="Id">Unique within the graph.</param>
/// <param name="Handler">The handler type, resolved from the silo's services when the state runs.</param>
public sealed record RunStateDeclaration(string Id, Type Handler);
