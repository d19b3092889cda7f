namespace Loom.UseCases;

/// <summary>Common shape of the attributes that bind an <c>Execute</c> parameter from an entity lookup.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public abstract class EntityLookupAttribute : Attribute
{
    /// <summary>Creates the lookup.</summary>
    /// <param name="from">Whether the lookup value comes from a parameter or from a command field.</param>
    /// <param name="source">The parameter's or the command property's name.</param>
    protected EntityLookupAttribute(From from, string source)
    {
        From = from;
        Source = source;
    }

    /// <summary>Whether the lookup value comes from a parameter or from a command field.</summary>
    public From From { get; }

    /// <summary>The parameter's or the command property's name.</summary>
    public string Source { get; }

    /// <summary>What to do when no entity matches.</summary>
    public OnMissing OnMissing { get; init; }
}
