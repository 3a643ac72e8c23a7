using MtlAttack.Core.Evaluation;
using static MtlAttack.Core.Reporting.ReportNumbers;

namespace MtlAttack.Core.Reporting;

/// <summary>
/// report.html: report.md's tables with the same numbers, and beside them the charts (average drop vs epsilon,
/// per-task drop and loss change vs epsilon, one transfer heatmap per algorithm x epsilon with single-task cells).
/// </summary>
public static class ReportHtml
{
    private const string SharedLegend = "Line colours (objective) and marker shapes (algorithm) as in the legend of the average chart above.";

    public static string Render(RobustnessReport report)
    {
        var tasks = report.TaskOrder;
        var page = new HtmlPage();
        page.Heading(1, $"Robustness report: {report.Model}");
        page.Paragraph($"Dataset: <code>{HtmlPage.Text(report.Dataset)}</code>. Drops are relative to the clean model, in percent; higher means the attack hurt more.");
        if (report.Notes is { Count: > 0 } notes)
        {
            page.Heading(2, ProtocolNotes.Heading);
            foreach (var note in notes) page.Paragraph(HtmlPage.Text(note));
        }

        page.Heading(2, "Clean baseline");
        page.Table(["task", "loss", "metrics"],
            tasks.Select(t => (IReadOnlyList<TableCell>)[t, Value(report.Clean[t].Loss),
                string.Join(", ", report.Clean[t].Metrics.Select(m => $"{m.Key} {Value(m.Value)}"))]),
            column => column == 1);

        if (report.Cells.Count == 0)
            return page.Paragraph("No attack cells: nothing to chart.").Render($"Robustness report: {report.Model}");

        page.Heading(2, "Average relative drop (%)");
        page.Charts([AverageDropChart.Draw(report)]);
        var epsilons = report.Cells.Select(c => c.Epsilon).Distinct().Order().ToList();
        page.Table(["attack", .. epsilons.Select(e => $"eps {Value(e)}")],
            AverageDropRows(report, epsilons).Concat(Rows(TrustTables.NoiseRows(report, epsilons))), column => column > 0);
        page.Paragraph("Bold: the strongest objective for that algorithm and epsilon.");

        if (report.NoiseCells.Count > 0)
        {
            page.Heading(2, "Above noise (percentage points)");
            page.Paragraph(TrustTables.AboveNoiseExplanation);
            page.Table(["attack", .. epsilons.Select(e => $"eps {Value(e)}")], Rows(TrustTables.AboveNoiseRows(report, epsilons)), column => column > 0);
        }

        var goals = GoalTable.Rows(report);
        if (goals.Count > 0)
        {
            page.Heading(2, "Targeted goals");
            page.Paragraph(GoalTable.Explanation);
            page.Table(GoalTable.Header, goals.Select(r => (IReadOnlyList<TableCell>)r.Select(v => new TableCell(v)).ToList()), column => column == 1);
        }

        page.Heading(2, "Diagnostics");
        page.Paragraph(TrustTables.DiagnosticsExplanation);
        var flags = TrustTables.FlagLines(report);
        if (flags.Count == 0) page.Paragraph(TrustTables.NoFlags);
        foreach (var line in flags) page.Paragraph(HtmlPage.Text(line));

        page.Heading(2, "Per-task relative drop (%)");
        page.Paragraph(SharedLegend);
        page.Charts(TaskDropCharts.Draw(report));
        page.Table(["attack", "eps", .. tasks, "avg", "avg loss change"],
            report.Cells.Select(c => (IReadOnlyList<TableCell>)[$"{c.Algorithm} x {c.Objective}", Value(c.Epsilon),
                .. tasks.Select(t => new TableCell(Percent(c.Tasks[t].RelativeDrop))), Percent(c.AvgRelativeDrop), Percent(c.AvgRelativeLossChange)]),
            column => column > 0);

        page.Heading(2, "Per-task relative loss change (%)");
        page.Paragraph("What the attacks push on: the task losses. A bigger loss change need not mean a bigger metric drop. " + SharedLegend);
        page.Charts(TaskLossChangeCharts.Draw(report));

        if (report.Transfer.Count > 0)
        {
            page.Heading(2, "Task transfer (%)");
            page.Paragraph("Rows: the task a single-task attack aimed at. Columns: the relative drop of every task.");
            page.Charts(TransferHeatmapChart.Draw(report));
            foreach (var m in report.Transfer)
            {
                page.Heading(3, $"{m.Algorithm}, eps {Value(m.Epsilon)}");
                page.Table(["attacked \\ affected", .. m.Tasks],
                    m.Tasks.Select((task, i) => (IReadOnlyList<TableCell>)[task, .. m.RelativeDrop[i].Select(d => new TableCell(Percent(d)))]),
                    column => column > 0);
            }
        }
        return page.Render($"Robustness report: {report.Model}");
    }

    private static IEnumerable<IReadOnlyList<TableCell>> Rows(IEnumerable<(string Attack, IReadOnlyList<string> Values)> rows) =>
        rows.Select(r => (IReadOnlyList<TableCell>)[r.Attack, .. r.Values.Select(v => new TableCell(v))]);

    private static IEnumerable<IReadOnlyList<TableCell>> AverageDropRows(RobustnessReport report, IReadOnlyList<double> epsilons)
    {
        foreach (var group in report.Cells.GroupBy(c => $"{c.Algorithm} x {c.Objective}"))
        {
            var byEps = group.ToDictionary(c => c.Epsilon);
            string algorithm = group.First().Algorithm;
            yield return [group.Key, .. epsilons.Select(e =>
            {
                if (!byEps.TryGetValue(e, out var cell)) return new TableCell("");
                double best = report.Cells.Where(c => c.Epsilon == e && c.Algorithm == algorithm).Max(c => c.AvgRelativeDrop);
                return new TableCell(Percent(cell.AvgRelativeDrop), cell.AvgRelativeDrop == best);
            })];
        }
    }
}
