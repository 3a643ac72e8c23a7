using static MtlAttack.Core.Reporting.ReportNumbers;

namespace MtlAttack.Core.Reporting;

/// <summary>
/// The comparison page (<c>GET /v1/reports/compare?format=html</c>): average drop vs epsilon per algorithm with a
/// line per evaluation x objective, and the table <c>mtlattack reports compare</c> prints, with the same numbers.
/// </summary>
public static class ComparisonHtml
{
    public const string ChartKind = "compare-avg-drop";

    public static string Render(IReadOnlyList<ComparedEvaluation> evaluations)
    {
        string title = "Comparison: " + string.Join(", ", evaluations.Select(e => e.Id));
        var page = new HtmlPage();
        page.Heading(1, title);
        page.Paragraph("Average relative drop over tasks, relative to each model's clean score, in percent; higher means the attack hurt more.");
        page.Table(["evaluation", "model", "cells"], evaluations.Select(e => (IReadOnlyList<TableCell>)[e.Id, e.Model, e.Cells.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)]), column => column == 2);

        var rows = evaluations.SelectMany(e => e.Cells.Select(c => (Evaluation: e, Cell: c))).ToList();
        if (rows.Count == 0)
            return page.Paragraph("No attack cells to compare.").Render(title);

        page.Heading(2, "Average relative drop vs epsilon");
        page.Paragraph("Line colours follow the objective, marker shapes the evaluation.");
        page.Charts(DropCharts(evaluations));

        page.Heading(2, "Relative drop (%) per evaluation x algorithm x objective x epsilon");
        var tasks = rows.SelectMany(r => r.Cell.TaskRelativeDrop.Keys).Distinct().ToList();
        // A task an evaluation's model lacks is left blank, as in the command line's table.
        page.Table(["evaluation", "model", "algorithm", "objective", "eps", "avg drop %", .. tasks.Select(t => $"{t} %")],
            rows.Select(r => (IReadOnlyList<TableCell>)[r.Evaluation.Id, r.Evaluation.Model, r.Cell.Algorithm, r.Cell.Objective, Value(r.Cell.Epsilon),
                Percent(r.Cell.AvgRelativeDrop), .. tasks.Select(t => new TableCell(r.Cell.TaskRelativeDrop.TryGetValue(t, out double d) ? Percent(d) : ""))]),
            column => column >= 4);
        return page.Render(title);
    }

    /// <summary>
    /// Average relative drop against epsilon, one chart per algorithm, one line per evaluation x objective. Colour follows
    /// the objective and the marker shape the evaluation, as the single report's chart does with algorithms.
    /// </summary>
    private static IReadOnlyList<Chart> DropCharts(IReadOnlyList<ComparedEvaluation> evaluations)
    {
        var algorithms = evaluations.SelectMany(e => e.Cells.Select(c => c.Algorithm)).Distinct().ToList();
        return algorithms.Select((algorithm, i) =>
        {
            var series = evaluations
                .SelectMany(e => e.Cells.Where(c => c.Algorithm == algorithm).GroupBy(c => c.Objective)
                    .Select(g => new EpsilonSeries($"{Label(e)} x {g.Key}", g.Key, e.Id, g.Select(c => (c.Epsilon, 100 * c.AvgRelativeDrop)).ToList())))
                .ToList();
            string title = $"{algorithm}: average relative drop vs epsilon";
            var plot = EpsilonLineChart.Build(title, "average relative drop (%)", series);
            return new Chart(ChartKind, title, ChartSvg.Render(plot, ChartSvg.Width, ChartSvg.Height, $"{ChartKind}{i}"));
        }).ToList();
    }

    private static string Label(ComparedEvaluation evaluation) =>
        string.IsNullOrEmpty(evaluation.Model) ? evaluation.Id : $"{evaluation.Id} ({evaluation.Model})";
}
