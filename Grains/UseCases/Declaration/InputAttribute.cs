namespace Loom.UseCases;

/// <summary>Marks the <c>Execute</c> parameter that receives the command built from the caller's JSON payload.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class InputAttribute : Attribute;
