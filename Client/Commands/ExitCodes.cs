namespace Loom.Client.Commands;

/// <summary>What the <c>loom</c> command returns to the shell.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The use case refused the call: rules, not found, conflicts.</summary>
    public const int Refused = 1;

    /// <summary>The call itself was wrong: unknown use case, bad parameters or payload.</summary>
    public const int BadInput = 2;

    /// <summary>The silo could not be reached.</summary>
    public const int Unreachable = 3;
}
