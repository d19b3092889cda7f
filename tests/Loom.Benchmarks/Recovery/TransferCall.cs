namespace Loom.Benchmarks.Recovery;

/// <summary>
/// One transfer as a caller saw it: when it started and ended (seconds since the load started), and its
/// outcome: <see cref="Ok"/> or the exception's type name. Ambiguous: it failed with something other than a
/// typed Loom error, so it may or may not have committed.
/// </summary>
public readonly record struct TransferCall(double Start, double End, string Outcome, bool Ambiguous)
{
    public const string Ok = "ok";

    public bool Acknowledged => Outcome == Ok;

    public double Latency => End - Start;
}
