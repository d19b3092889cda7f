using System.Runtime.CompilerServices;

namespace Loom.UseCases;

/// <summary>
/// Room on the stack for one value per lookup (the ids of a plan's lookups by id, their lock order),
/// so that loading a few entities by id allocates nothing for its bookkeeping. Unlike
/// <see langword="stackalloc"/>, it leaves the method eligible for tiered, profile-guided compilation.
/// </summary>
[InlineArray(Capacity)]
internal struct LookupBuffer<T>
{
    /// <summary>How many values fit; plans with more lookups keep theirs in arrays.</summary>
    public const int Capacity = 8;

    private T _first;
}
