using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Loom.UseCases;

/// <summary>
/// Room on the stack for one value per parameter or lookup of a plan (which parameters were bound,
/// the ids of lookups by id and their lock order), so that this bookkeeping allocates nothing. Unlike
/// <see langword="stackalloc"/>, it leaves the method eligible for tiered, profile-guided compilation:
/// the lookups by id ran about 20 ns slower per transfer as a <see langword="stackalloc"/>.
/// </summary>
[InlineArray(Capacity)]
internal struct InlineBuffer<T>
{
    /// <summary>How many values fit; plans with more keep theirs in arrays.</summary>
    public const int Capacity = 8;

    private T _first;

    /// <summary>Room for <paramref name="count"/> values: this buffer when they fit, else a new array.</summary>
    [UnscopedRef]
    public Span<T> Take(int count) => count <= Capacity ? this[..count] : new T[count];
}
