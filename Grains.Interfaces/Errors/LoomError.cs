namespace Loom.Errors;

/// <summary>
/// Base of every error Loom reports to a caller. Each subtype carries the facts a caller needs
/// (which field, which entity, which rule) as properties, and crosses the Orleans wire intact.
/// </summary>
[GenerateSerializer]
public abstract class LoomError : Exception
{
    /// <summary>Creates the error with its message.</summary>
    protected LoomError(string message) : base(message)
    {
    }

    /// <summary>A stable, machine-readable code, such as <c>not_found</c>.</summary>
    public abstract string Code { get; }
}
