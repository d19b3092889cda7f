using System.Text.Json;
using Loom.Errors;
using Loom.Runs;

namespace Loom.Silo.Http;

/// <summary>The durable-run endpoints: start a run, read its status and history, cancel it.</summary>
public static class RunEndpoints
{
    /// <summary>
    /// Maps <c>POST /api/runs</c>, <c>GET /api/runs/{runId}</c>, <c>GET /api/runs/{runId}/history</c>
    /// and <c>POST /api/runs/{runId}/cancel</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapRunEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs").WithTags("Runs");
        runs.MapPost("/", StartAsync)
            .WithSummary("Starts a run of an operation from its inputs and config; starting it again with the same ones returns its status.")
            .Produces<RunStatusView>(StatusCodes.Status201Created)
            .Produces<RunStatusView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        runs.MapGet("/{runId}", StatusAsync)
            .WithSummary("Returns a run's status.")
            .Produces<RunStatusView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapGet("/{runId}/history", HistoryAsync)
            .WithSummary("Returns a run's history from sequence number 'from' (1 by default) on.")
            .Produces<IReadOnlyList<RunHistoryEntry>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapPost("/{runId}/cancel", CancelAsync)
            .WithSummary("Cancels a run: it stops before its next state and ends as cancelled.")
            .Produces<RunStatusView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> StartAsync(RunStartCall call, IGrainFactory grains, HttpResponse response)
    {
        if (string.IsNullOrEmpty(call.OperationId))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["operationId"] = ["is required"] });
        }

        var runId = string.IsNullOrEmpty(call.RunId) ? Guid.NewGuid().ToString("N") : call.RunId;
        var run = grains.GetGrain<IRunGrain>(runId);
        try
        {
            var config = call.Config?.ToRunConfig() ?? RunConfig.Default;
            var inputs = call.Inputs is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } given ? given.GetRawText() : "{}";
            var manifest = new RunManifest(call.OperationId, config, inputs);
            var request = RunManifestIdentity.StartRequest(manifest);

            // Only tells 201 from 200: a concurrent start of the same run may make both answer 201, and the run still starts once.
            var isNew = (await run.GetStatusAsync()).Phase == RunPhase.NotStarted;
            var status = await run.StartAsync(request);
            if (!isNew)
            {
                return Results.Json(status);
            }

            response.Headers.Location = $"/api/runs/{Uri.EscapeDataString(runId)}";
            return Results.Json(status, statusCode: StatusCodes.Status201Created);
        }
        catch (LoomError error)
        {
            return RunErrorResults.From(error);
        }
    }

    private static async Task<IResult> StatusAsync(string runId, IGrainFactory grains)
    {
        var status = await grains.GetGrain<IRunGrain>(runId).GetStatusAsync();
        return status.Phase == RunPhase.NotStarted ? NotFound(runId) : Results.Json(status);
    }

    private static async Task<IResult> HistoryAsync(string runId, long? from, IGrainFactory grains)
    {
        var run = grains.GetGrain<IRunGrain>(runId);
        var history = await run.GetHistoryAsync(from ?? 1);
        return history.Count == 0 && (await run.GetStatusAsync()).Phase == RunPhase.NotStarted ? NotFound(runId) : Results.Json(history);
    }

    private static async Task<IResult> CancelAsync(string runId, IGrainFactory grains)
    {
        var status = await grains.GetGrain<IRunGrain>(runId).CancelAsync();
        return status.Phase == RunPhase.NotStarted ? NotFound(runId) : Results.Json(status);
    }

    private static IResult NotFound(string runId) => ErrorResults.From(new NotFound("Run", runId));
}
