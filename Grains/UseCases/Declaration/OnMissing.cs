namespace Loom.UseCases;

/// <summary>What a lookup does when no entity matches.</summary>
public enum OnMissing
{
    /// <summary>Fail the use case with <see cref="Errors.NotFound"/>.</summary>
    Raise,

    /// <summary>Bind null; the parameter must be declared nullable.</summary>
    Null,

    /// <summary>Bind false; only for <see cref="ExistsAttribute"/>.</summary>
    False,
}
