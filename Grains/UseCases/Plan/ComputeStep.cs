namespace Loom.UseCases;

/// <summary>A compiled <c>[Compute]</c> method: command, fields set and context in, new command out.</summary>
/// <param name="Name">The method's name.</param>
/// <param name="Apply">The compiled call.</param>
public sealed record ComputeStep(string Name, Func<object, IReadOnlySet<string>, UseCaseContext, object> Apply);
