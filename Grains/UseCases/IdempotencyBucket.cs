using System.Globalization;

namespace Loom.UseCases;

/// <summary>
/// The anchor of keyed calls to use cases that look up no entity by id: an entity with no value whose
/// state holds only receipts, one of <see cref="Count"/> chosen by a hash of the key. A bucket takes
/// part in the call's transaction as one more participant, which an anchor on a looked-up entity avoids.
/// </summary>
[GenerateSerializer]
public sealed class IdempotencyBucket
{
    /// <summary>How many buckets keys spread over: enough that calls rarely wait on one another's bucket lock.</summary>
    public const int Count = 1024;

    /// <summary>The id of the bucket of <paramref name="receiptKey"/>; the same on every silo and in every version.</summary>
    public static string IdOf(string receiptKey) =>
        (StableHash.ComputeHash(receiptKey) % Count).ToString(CultureInfo.InvariantCulture);
}
