using System.Runtime.CompilerServices;

namespace Loom.UseCases;

/// <summary>
/// Room on the stack for the ids of a plan's lookups by id, so that loading a few entities by id
/// allocates nothing for its bookkeeping.
/// </summary>
[InlineArray(Capacity)]
internal struct LookupIds
{
    /// <summary>How many ids fit; plans with more lookups keep their ids in an array.</summary>
    public const int Capacity = 8;

    private string _first;
}
