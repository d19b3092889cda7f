using Loom.Errors;

namespace Loom.Silo.Http;

/// <summary>
/// Maps the errors of durable runs to problem responses, with the statuses <see cref="ErrorResults"/>
/// gives their use-case kin: a bad manifest is a bad request (400, like a bad payload; 422 stays for
/// broken business rules), an unknown operation is 404 (like an unknown use case), a run id already
/// taken by another manifest is 409.
/// </summary>
internal static class RunErrorResults
{
    public static IResult From(LoomError error) => error switch
    {
        InvalidRunManifest e => Problem(e, StatusCodes.Status400BadRequest, new() { ["path"] = e.Path }),
        UnknownRunOperation e => Problem(e, StatusCodes.Status404NotFound, new() { ["operationId"] = e.OperationId, ["version"] = e.Version }),
        RunAlreadyStarted e => Problem(e, StatusCodes.Status409Conflict, new() { ["runId"] = e.RunId, ["existingManifestId"] = e.ExistingManifestId, ["requestedManifestId"] = e.RequestedManifestId }),
        _ => ErrorResults.From(error),
    };

    private static IResult Problem(LoomError error, int status, Dictionary<string, object?> facts) =>
        Results.Problem(title: error.Code, detail: error.Message, statusCode: status, extensions: facts);
}
