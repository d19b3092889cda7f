namespace Loom.UseCases;

/// <summary>
/// Marks a class as a use case: a business operation with one <c>Execute</c> method whose
/// parameters declare what it needs.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class UseCaseAttribute : Attribute
{
    /// <summary>The name callers use; the class name when not set.</summary>
    public string? Name { get; init; }

    /// <summary>A read-only use case runs without a transaction and must not save anything.</summary>
    public bool ReadOnly { get; init; }
}
