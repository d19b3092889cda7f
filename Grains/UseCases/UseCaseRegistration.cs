namespace Loom.UseCases;

/// <summary>A use case type registered with the service collection, to be compiled at start-up.</summary>
/// <param name="UseCaseType">The use case class.</param>
public sealed record UseCaseRegistration(Type UseCaseType);
