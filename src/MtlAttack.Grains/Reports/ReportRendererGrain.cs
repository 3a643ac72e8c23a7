using MtlAttack.Abstractions;
using MtlAttack.Core.Reporting;
using Orleans.Concurrency;

namespace MtlAttack.Grains.Reports;

/// <summary>Draws comparison pages with Core's charts; holds nothing, so any silo may answer, several at once.</summary>
[StatelessWorker]
public sealed class ReportRendererGrain : Grain, IReportRendererGrain
{
    public Task<string> CompareHtml(IReadOnlyList<ComparedEvaluationSummary> evaluations) =>
        Task.FromResult(ComparisonHtml.Render(evaluations
            .Select(e => new ComparedEvaluation(e.Evaluation, e.Model, e.Cells
                .Select(c => new ComparedCell(c.Cell.Algorithm, c.Cell.Objective, c.Cell.Epsilon, c.AvgRelativeDrop, c.TaskRelativeDrop))
                .ToList()))
            .ToList()));
}
