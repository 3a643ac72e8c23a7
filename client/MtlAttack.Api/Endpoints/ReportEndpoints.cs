using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using MtlAttack.Abstractions;
using MtlAttack.Api.Contracts;

namespace MtlAttack.Api.Endpoints;

/// <summary><c>/v1/reports</c>: views across several evaluations.</summary>
public static class ReportEndpoints
{
    public const int MaxCompared = 50;

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGroup("/reports").WithTags("Reports")
            .MapGet("/compare", Compare).WithName("CompareEvaluations")
            .WithSummary("Average relative drop per evaluation x algorithm x objective x epsilon, for completed evaluations: ids=a,b,...; "
                + "format=json (default) or html (a self-contained page with charts)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .AddOpenApiOperationTransformer(DocumentHtmlAnswer);
    }

    /// <summary>
    /// The 200 answer's text/html beside its JSON: the typed result only declares the JSON, and a second Produces for
    /// the same status would replace the ComparisonReport schema rather than add to it.
    /// </summary>
    private static Task DocumentHtmlAnswer(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.TryGetValue("200", out var answer) == true && answer is OpenApiResponse ok)
        {
            ok.Content ??= new Dictionary<string, OpenApiMediaType>();
            ok.Content[ReportFormats.MediaType(ReportFormats.Html)] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
        return Task.CompletedTask;
    }

    private static async Task<Results<Ok<ComparisonReport>, ContentHttpResult>> Compare(string? ids, string? format, HttpContext http, IGrainFactory grains)
    {
        format = (format ?? ComparisonFormats.Json).Trim().ToLowerInvariant();
        if (!ComparisonFormats.All.Contains(format))
            throw new ArgumentException($"Unknown comparison format '{format}': use {string.Join(" or ", ComparisonFormats.All)}.");
        var wanted = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0) throw new ArgumentException("Name the evaluations to compare: ?ids=ID1,ID2 (GET /v1/evaluations lists yours).");
        if (wanted.Count > MaxCompared) throw new ArgumentException($"Compare at most {MaxCompared} evaluations at once; {wanted.Count} were named.");

        var compared = new List<ComparedEvaluationSummary>();
        foreach (var id in wanted)
        {
            var evaluation = await EvaluationEndpoints.Owned(http, grains, id);
            var summary = await evaluation.GetSummary();
            var status = await evaluation.GetStatus();
            if (summary is null) throw EvaluationEndpoints.NotReady(status);
            compared.Add(new ComparedEvaluationSummary(id, status.Model?.Model ?? "", summary));
        }
        // The page's charts are drawn on a silo: this process carries no plotting library.
        if (format == ComparisonFormats.Html)
            return TypedResults.Content(await grains.GetGrain<IReportRendererGrain>(0).CompareHtml(compared), "text/html");
        var rows = compared.SelectMany(e => e.Cells.Select(c =>
            new ComparisonRow(e.Evaluation, e.Model, c.Cell.Algorithm, c.Cell.Objective, c.Cell.Epsilon, c.AvgRelativeDrop, c.TaskRelativeDrop))).ToList();
        return TypedResults.Ok(new ComparisonReport(wanted, rows));
    }
}
