using Loom.Errors;

namespace Loom.Silo.Http;

/// <summary>Maps Loom's typed errors to RFC 7807 problem responses that keep their facts.</summary>
internal static class ErrorResults
{
    public static IResult From(LoomError error) => Results.Problem(
        title: error.Code,
        detail: error.Message,
        statusCode: StatusOf(error),
        extensions: FactsOf(error));

    private static int StatusOf(LoomError error) => error switch
    {
        UnknownUseCase or NotFound => StatusCodes.Status404NotFound,
        ParameterBindingError or PayloadError => StatusCodes.Status400BadRequest,
        RuleViolations or IdempotencyKeyReused => StatusCodes.Status422UnprocessableEntity,
        UniqueConstraintViolation or TransactionConflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    private static Dictionary<string, object?> FactsOf(LoomError error) => error switch
    {
        NotFound e => new() { ["entity"] = e.Entity, ["id"] = e.Id },
        RuleViolations e => new() { ["useCase"] = e.UseCase, ["violations"] = e.Violations },
        ParameterBindingError e => new() { ["useCase"] = e.UseCase, ["parameter"] = e.Parameter, ["expectedType"] = e.ExpectedType, ["received"] = e.Received },
        PayloadError e => new() { ["useCase"] = e.UseCase, ["field"] = e.Field },
        UnknownUseCase e => new() { ["name"] = e.Name },
        UniqueConstraintViolation e => new() { ["entity"] = e.Entity, ["field"] = e.Field, ["value"] = e.Value },
        TransactionConflict e => new() { ["useCase"] = e.UseCase, ["attempts"] = e.Attempts },
        InvalidIdempotencyKey => new() { ["field"] = "Idempotency-Key" },
        IdempotencyKeyReused e => new() { ["useCase"] = e.UseCase, ["field"] = "Idempotency-Key" },
        _ => [],
    };
}
