namespace Loom.Runs.Storage;

/// <summary>One unfinished run on a wake-up list, with the ETag of its listing.</summary>
/// <param name="RunId">The run.</param>
/// <param name="ETag">The listing's ETag: a drop made with it fails once the run has been listed again.</param>
public sealed record RunWakeupListing(string RunId, string ETag);
