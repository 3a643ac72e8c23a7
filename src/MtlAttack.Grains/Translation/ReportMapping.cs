using MtlAttack.Abstractions;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Evaluation;

namespace MtlAttack.Grains.Translation;

/// <summary>An evaluation's report: built from the merged result as the CLI builds it, and stored report.json read back for callers.</summary>
public static class ReportMapping
{
    /// <summary>
    /// The same report the CLI builds, dataset named by its SPEC's text form as the caller gave it
    /// (<paramref name="datasetAsGiven"/>; the request's when null); the model by its key (<c>tenant/model</c>), which is
    /// what the service's callers know it by (the CLI names its checkpoint folder, here a server-side path).
    /// </summary>
    public static RobustnessReport BuildReport(ModelRegistration model, EvaluationRequest request, EvaluationPlan plan, EvaluationResult result,
        string? datasetAsGiven = null) =>
        BoundaryErrors.Guard(() =>
        {
            var spec = DatasetSpec.Parse(request.Dataset);
            var dataset = DatasetFactory.Open(spec);
            var tasks = plan.Tasks.Select(name => dataset.Tasks.First(t => t.Name == name)).ToList();
            string name = datasetAsGiven is null ? spec.ToString() : DatasetSpec.Parse(datasetAsGiven).ToString();
            return RobustnessReport.Build(model.Key.ToString(), name, tasks, result, EvaluationProtocols.Parse(request.Protocol));
        });

    /// <summary>A stored report.json in one of the CLI's three formats.</summary>
    public static string FormatReport(string reportJson, string format) => format.Trim().ToLowerInvariant() switch
    {
        "json" => reportJson,
        "csv" => ReportWriter.ToCsv(ReportWriter.FromJson(reportJson)),
        "md" or "markdown" => ReportWriter.ToMarkdown(ReportWriter.FromJson(reportJson)),
        "html" => ReportWriter.ToHtml(ReportWriter.FromJson(reportJson)),
        _ => throw new MtlAttackException($"Unknown report format '{format}': use json, csv, md or html."),
    };

    /// <summary>Every cell of a stored report.json: average and per-task relative drop, in the report's order.</summary>
    public static IReadOnlyList<CellSummary> Summarize(string reportJson) =>
        ReportWriter.FromJson(reportJson).Cells
            .Select(c => new CellSummary(new CellDescriptor(c.Algorithm, c.Objective, c.Epsilon), c.AvgRelativeDrop,
                c.Tasks.ToDictionary(t => t.Key, t => t.Value.RelativeDrop)))
            .ToList();
}
