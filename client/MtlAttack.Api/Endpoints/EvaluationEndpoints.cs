using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using MtlAttack.Abstractions;
using MtlAttack.Api.Storage;
using MtlAttack.Api.Tenancy;
using MtlAttack.Api.Contracts;

namespace MtlAttack.Api.Endpoints;

/// <summary><c>/v1/evaluations</c>: start, watch, fetch the report and adversarial examples of, cancel and delete the caller's evaluations.</summary>
public static class EvaluationEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var evaluations = v1.MapGroup("/evaluations").WithTags("Evaluations");
        evaluations.MapPost("", Start).WithName("StartEvaluation").Accepts<StartEvaluationRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        evaluations.MapGet("", List).WithName("ListEvaluations")
            .WithSummary($"The caller's evaluations, newest first: limit (1..{MaxPage}, default {DefaultPage}) per page; after = the last id of the previous page.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        evaluations.MapGet("/{id}", Get).WithName("GetEvaluation").ProducesProblem(StatusCodes.Status404NotFound);
        evaluations.MapGet("/{id}/report", Report).WithName("GetEvaluationReport")
            .WithSummary("The report of a completed evaluation: format=json (default), csv, md or html (a self-contained page with charts).")
            .Produces<string>(StatusCodes.Status200OK, ReportFormats.MediaType(ReportFormats.Json), [.. ReportFormats.All.Skip(1).Select(ReportFormats.MediaType)])
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        // The operation keeps its name: cancelling is what DELETE does without purge, and generated clients call it so.
        evaluations.MapDelete("/{id}", CancelOrPurge).WithName("CancelEvaluation")
            .WithSummary("Without purge (or purge=false): cancels the evaluation and answers its state (200). With purge=true: removes an ended "
                + "(completed, failed or cancelled) evaluation with its report and saved adversarial examples (204); afterwards its id is unknown; 409 while it runs, so cancel it first.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .AddOpenApiOperationTransformer(DocumentPurgeAsBoolean);
        AdversarialEndpoints.Map(evaluations);
    }

    private static async Task<Accepted<EvaluationInfo>> Start(HttpContext http, IGrainFactory grains, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        string tenant = CallerTenant.Of(http);
        var body = await RequestBody.ReadJsonAsync<StartEvaluationRequest>(http.Request, cancellationToken);
        var request = ApiMapping.ToRequest(tenant, body);
        // The examples are files the grains write where the API can serve them from: a folder of the shared blob path.
        if (request.SaveAdversarial > 0) request = request with { ReportDirectory = BlobFolders.NewEvaluation(options.Value, tenant) };
        string id;
        try
        {
            id = await grains.GetGrain<ITenantGrain>(tenant).StartEvaluation(request);
        }
        catch (MtlAttackException e) when (request.ReportDirectory is { } folder)
        {
            throw ApiMapping.WithoutFolder(e, folder, ApiMapping.EvaluationFolderWords);
        }
        var status = await grains.GetGrain<IEvaluationGrain>(id).GetStatus();
        return TypedResults.Accepted($"/v1/evaluations/{id}", ApiMapping.ToInfo(status));
    }

    public const int DefaultPage = 100;
    public const int MaxPage = 1000;

    // Pages, because every listed evaluation is asked for its status: a tenant of a long-running service has many.
    // limit is bound as text and parsed here, so that a value out of int's range is told the range allowed rather than
    // the framework's "Failed to bind parameter".
    private static async Task<Ok<EvaluationInfo[]>> List(string? limit, string? after, HttpContext http, IGrainFactory grains)
    {
        int take = limit is null ? DefaultPage
            : int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= MaxPage ? n
            : throw new ArgumentException($"limit must be a whole number from 1 to {MaxPage}; got '{limit}'.");
        var ids = (await grains.GetGrain<ITenantGrain>(CallerTenant.Of(http)).Evaluations()).Reverse().ToList();
        if (after is not null)
        {
            int at = ids.IndexOf(after);
            if (at < 0) throw new ArgumentException($"after='{after}' names none of your evaluations; pass the last id of the previous page.");
            ids = ids.Skip(at + 1).ToList();
        }
        var statuses = await Task.WhenAll(ids.Take(take).Select(id => grains.GetGrain<IEvaluationGrain>(id).GetStatus()));
        return TypedResults.Ok(statuses.Select(ApiMapping.ToInfo).ToArray());
    }

    private static async Task<Ok<EvaluationInfo>> Get(string id, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(ApiMapping.ToInfo(await (await Owned(http, grains, id)).GetStatus()));

    // purge is bound as text and parsed here: the framework's own bool binding answers a bad value with a bare 400
    // outside Development, which would tell the caller nothing about what to pass.
    private static async Task<Results<Ok<EvaluationInfo>, NoContent>> CancelOrPurge(string id, string? purge, HttpContext http, IGrainFactory grains,
        IOptions<ApiOptions> options, ILoggerFactory loggers)
    {
        bool purging = ParsePurge(purge);
        var evaluation = await Owned(http, grains, id);
        if (!purging) return TypedResults.Ok(ApiMapping.ToInfo(await evaluation.Cancel()));

        string tenant = CallerTenant.Of(http);
        string? reportDirectory;
        try
        {
            reportDirectory = await grains.GetGrain<ITenantGrain>(tenant).ForgetEvaluation(id);
        }
        catch (MtlAttackException e) when (e.Kind == MtlAttackErrorKind.NotFound)
        {
            throw NoSuchEvaluation(id); // purged by a request that came in between: the same words as any missing id
        }
        // Files go only after the grains have let go of the evaluation, and only from a folder this API picked for this
        // tenant: a report directory given by other means is not the API's to delete.
        BlobFolders.DeleteIfBeneath(BlobFolders.Evaluations(options.Value, tenant), reportDirectory, loggers.CreateLogger(typeof(EvaluationEndpoints)));
        return TypedResults.NoContent();
    }

    private static bool ParsePurge(string? purge) =>
        purge is null ? false
        : bool.TryParse(purge, out bool value) ? value
        : throw new ArgumentException($"purge must be true (remove an ended evaluation with its report and files) or false (cancel it, as when left out); got '{purge}'.");

    private static Task DocumentPurgeAsBoolean(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == "purge") is { } purge)
        {
            purge.Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean };
            purge.Description = "true: remove the ended evaluation with its report and files (204); false or absent: cancel it (200).";
        }
        return Task.CompletedTask;
    }

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
        if (!await grains.GetGrain<ITenantGrain>(CallerTenant.Of(http)).OwnsEvaluation(id)) throw NoSuchEvaluation(id);
        return grains.GetGrain<IEvaluationGrain>(id);
    }

    private static MtlAttackException NoSuchEvaluation(string id) =>
        new($"There is no evaluation '{id}'; GET /v1/evaluations lists yours.", MtlAttackErrorKind.NotFound);

    /// <summary>The 409 for <paramref name="product"/> (the report, its adversarial examples) of an evaluation that has not completed.</summary>
    public static MtlAttackException NotReady(EvaluationStatus status, string product = "report") => new(status.State switch
    {
        EvaluationState.Running => $"Evaluation {status.EvaluationId} is still running ({status.BatchesDone} of {status.BatchesTotal} batches); its {product} will be ready once it completes.",
        EvaluationState.Failed => $"Evaluation {status.EvaluationId} failed and has no {product}: {ApiMapping.ErrorOf(status)}",
        _ => $"Evaluation {status.EvaluationId} is {status.State.ToString().ToLowerInvariant()} and has no {product}.",
    }, MtlAttackErrorKind.Conflict);
}
