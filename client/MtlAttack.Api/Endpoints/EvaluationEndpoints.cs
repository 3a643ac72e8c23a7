using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MtlAttack.Abstractions;
using MtlAttack.Api.Tenancy;
using MtlAttack.Client.Contracts;

namespace MtlAttack.Api.Endpoints;

/// <summary><c>/v1/evaluations</c>: start, watch, fetch the report of, and cancel the caller's evaluations.</summary>
public static class EvaluationEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var evaluations = v1.MapGroup("/evaluations").WithTags("Evaluations");
        evaluations.MapPost("", Start).WithName("StartEvaluation").Accepts<StartEvaluationRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        evaluations.MapGet("", List).WithName("ListEvaluations");
        evaluations.MapGet("/{id}", Get).WithName("GetEvaluation").ProducesProblem(StatusCodes.Status404NotFound);
        evaluations.MapGet("/{id}/report", Report).WithName("GetEvaluationReport")
            .WithSummary("The report of a completed evaluation: format=json (default), csv or md.")
            .Produces<string>(StatusCodes.Status200OK, "application/json", "text/csv", "text/markdown")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        evaluations.MapDelete("/{id}", Cancel).WithName("CancelEvaluation").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Accepted<EvaluationInfo>> Start(HttpContext http, IGrainFactory grains, CancellationToken cancellationToken)
    {
        string tenant = CallerTenant.Of(http);
        var body = await RequestBody.ReadJsonAsync<StartEvaluationRequest>(http.Request, cancellationToken);
        var request = ApiMapping.ToRequest(tenant, body);
        string id = await grains.GetGrain<ITenantGrain>(tenant).StartEvaluation(request);
        var status = await grains.GetGrain<IEvaluationGrain>(id).GetStatus();
        return TypedResults.Accepted($"/v1/evaluations/{id}", ApiMapping.ToInfo(status));
    }

    private static async Task<Ok<EvaluationInfo[]>> List(HttpContext http, IGrainFactory grains)
    {
        var ids = await grains.GetGrain<ITenantGrain>(CallerTenant.Of(http)).Evaluations();
        var statuses = await Task.WhenAll(ids.Select(id => grains.GetGrain<IEvaluationGrain>(id).GetStatus()));
        return TypedResults.Ok(statuses.Select(ApiMapping.ToInfo).ToArray());
    }

    private static async Task<Ok<EvaluationInfo>> Get(string id, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(ApiMapping.ToInfo(await (await Owned(http, grains, id)).GetStatus()));

    private static async Task<Ok<EvaluationInfo>> Cancel(string id, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(ApiMapping.ToInfo(await (await Owned(http, grains, id)).Cancel()));

    private static async Task<ContentHttpResult> Report(string id, string? format, HttpContext http, IGrainFactory grains)
    {
        format = (format ?? ReportFormats.Json).Trim().ToLowerInvariant();
        string mediaType = ReportFormats.MediaType(format);
        var evaluation = await Owned(http, grains, id);
        var report = await evaluation.GetReport(format) ?? throw NotReady(await evaluation.GetStatus());
        return TypedResults.Content(report, mediaType);
    }

    /// <summary>The caller's evaluation; another tenant's id reads exactly as a missing one.</summary>
    public static async Task<IEvaluationGrain> Owned(HttpContext http, IGrainFactory grains, string id)
    {
        if (!await grains.GetGrain<ITenantGrain>(CallerTenant.Of(http)).OwnsEvaluation(id))
            throw new MtlAttackException($"There is no evaluation '{id}'; GET /v1/evaluations lists yours.", MtlAttackErrorKind.NotFound);
        return grains.GetGrain<IEvaluationGrain>(id);
    }

    public static MtlAttackException NotReady(EvaluationStatus status) => new(status.State switch
    {
        EvaluationState.Running => $"Evaluation {status.EvaluationId} is still running ({status.BatchesDone} of {status.BatchesTotal} batches); its report is ready once it completes.",
        EvaluationState.Failed => $"Evaluation {status.EvaluationId} failed and has no report: {status.Error}",
        _ => $"Evaluation {status.EvaluationId} is {status.State.ToString().ToLowerInvariant()} and has no report.",
    }, MtlAttackErrorKind.Conflict);
}
