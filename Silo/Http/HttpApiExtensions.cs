using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Loom.Errors;
using Loom.Jobs;
using Loom.UseCases;
using Microsoft.AspNetCore.Mvc;

namespace Loom.Silo.Http;

/// <summary>The Loom HTTP API: use cases, an OpenAPI document and health endpoints.</summary>
public static class HttpApiExtensions
{
    /// <summary>Adds the services the HTTP API needs.</summary>
    public static IServiceCollection AddLoomHttpApi(this IServiceCollection services)
    {
        // Enums travel as their names, in responses and in the OpenAPI document alike.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi();
        services.AddProblemDetails();
        return services;
    }

    /// <summary>
    /// Maps <c>GET /api/usecases</c>, <c>POST /api/usecases/{name}</c>, <c>GET /api/jobs/pending</c>,
    /// <c>GET /api/jobs/failed</c>, <c>/openapi/v1.json</c>, <c>/health/live</c> and <c>/health/ready</c>.
    /// </summary>
    public static WebApplication MapLoomHttpApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });

        var jobs = app.MapGroup("/api/jobs").WithTags("Jobs");
        jobs.MapGet("/pending", (IGrainFactory grains) => grains.GetGrain<IJobMonitorGrain>(0).GetPendingAsync())
            .WithSummary("Lists the jobs waiting to run, oldest first.");
        jobs.MapGet("/failed", (IGrainFactory grains) => grains.GetGrain<IJobMonitorGrain>(0).GetFailedAsync())
            .WithSummary("Lists the jobs that failed for good, with their last error.");

        var useCases = app.MapGroup("/api/usecases").WithTags("Use cases");
        useCases.MapGet("/", (IGrainFactory grains) => grains.GetUseCaseExecutor().DescribeAsync())
            .WithSummary("Lists the registered use cases.");
        useCases.MapPost("/{name}", ExecuteAsync)
            .WithSummary("Runs a use case and returns its result; with an Idempotency-Key header, a write runs at most once per key.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapRunEndpoints();
        return app;
    }

    private static async Task<IResult> ExecuteAsync(
        string name,
        UseCaseCall? call,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IGrainFactory grains)
    {
        try
        {
            var json = await grains.GetUseCaseExecutor().ExecuteAsync(new UseCaseRequest(
                name, Utf8(call?.Parameters), Utf8(call?.Payload), idempotencyKey));
            return Results.Bytes(json, "application/json");
        }
        catch (LoomError error)
        {
            return ErrorResults.From(error);
        }
    }

    private static byte[]? Utf8(JsonElement? element) =>
        element is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } value
            ? JsonMarshal.GetRawUtf8Value(value).ToArray()
            : null;
}
