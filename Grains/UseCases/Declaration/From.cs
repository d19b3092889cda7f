namespace Loom.UseCases;

/// <summary>Where an entity lookup takes its value from.</summary>
public enum From
{
    /// <summary>A primitive parameter of <c>Execute</c>, by name.</summary>
    Param,

    /// <summary>A property of the <c>[Input]</c> command, by name.</summary>
    Command,
}
