namespace Loom.UseCases;

/// <summary>
/// Marks a static method of a use case that derives a new command from the command, the set of
/// fields the payload set and, optionally, a <see cref="UseCaseContext"/>. Computes run in declaration order.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ComputeAttribute : Attribute;
