using MtlAttack.Core.Evaluation;
using ScottPlot;
using static MtlAttack.Core.Reporting.ReportNumbers;

namespace MtlAttack.Core.Reporting;

/// <summary>
/// report.html: report.md's tables with the same numbers, and beside them the charts (average drop vs epsilon,
/// per-task drop and loss change vs epsilon, one transfer heatmap per algorithm x epsilon with single-task cells).
/// </summary>
public static class ReportHtml
{
    public const string AverageDropKind = "avg-drop";
    public const string TaskDropKind = "task-drop";
    public const string TaskLossChangeKind = "task-loss";
    public const string TransferKind = "transfer";

    private const string SharedLegend = "Line colours (objective) and marker shapes (algorithm) as in the legend of the average chart above.";

    public static string Render(RobustnessReport report)
    {
        var tasks = report.TaskOrder;
        var page = new HtmlPage();
        page.Heading(1, $"Robustness report: {report.Model}");
        page.Paragraph($"Dataset: <code>{HtmlPage.Text(report.Dataset)}</code>. Drops are relative to the clean model, in percent; higher means the attack hurt more.");
        if (report.Notes is { Count: > 0 } notes)
        {
            page.Heading(2, ReportWriter.ProtocolNotesHeading);
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
        page.Charts([AverageDropChart(report)]);
        var epsilons = report.Cells.Select(c => c.Epsilon).Distinct().Order().ToList();
        page.Table(["attack", .. epsilons.Select(e => $"eps {Value(e)}")],
            Rows(TrustTables.AverageDropRows(report, epsilons).Concat(TrustTables.NoiseRows(report, epsilons))), column => column > 0);
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
        page.Charts(PerTaskCharts(report, TaskDropKind, "relative drop", t => t.RelativeDrop));
        page.Table(["attack", "eps", .. tasks, "avg", "avg loss change"],
            report.Cells.Select(c => (IReadOnlyList<TableCell>)[$"{c.Algorithm} x {c.Objective}", Value(c.Epsilon),
                .. tasks.Select(t => new TableCell(Percent(c.Tasks[t].RelativeDrop))), Percent(c.AvgRelativeDrop), Percent(c.AvgRelativeLossChange)]),
            column => column > 0);

        page.Heading(2, "Per-task relative loss change (%)");
        page.Paragraph("What the attacks push on: the task losses. A bigger loss change need not mean a bigger metric drop. " + SharedLegend);
        page.Charts(PerTaskCharts(report, TaskLossChangeKind, "relative loss change", t => t.RelativeLossChange));

        if (report.Transfer.Count > 0)
        {
            page.Heading(2, "Task transfer (%)");
            page.Paragraph("Rows: the task a single-task attack aimed at. Columns: the relative drop of every task.");
            page.Charts(report.Transfer.Select((matrix, i) => TransferChart(matrix, $"{TransferKind}{i}")));
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

    private static IEnumerable<IReadOnlyList<TableCell>> Rows(IEnumerable<(string Attack, IReadOnlyList<TableCell> Values)> rows) =>
        rows.Select(r => (IReadOnlyList<TableCell>)[r.Attack, .. r.Values]);

    /// <summary>The headline chart: average relative drop over tasks against epsilon, one line per algorithm x objective.</summary>
    private static Chart AverageDropChart(RobustnessReport report)
    {
        const string title = "Average relative drop vs epsilon";
        var plot = EpsilonLineChart.Build(title, "average relative drop (%)", ByAttack(report.Cells, c => c.AvgRelativeDrop));
        return new Chart(AverageDropKind, title, ChartSvg.Render(plot, ChartSvg.Width, ChartSvg.Height, AverageDropKind));
    }

    /// <summary>
    /// One small chart per task, in the report's task order: a per-task quantity against epsilon under every algorithm x
    /// objective. Both the metric drop (what a user feels) and the loss change (what the attacks push on) are drawn: the
    /// two can rank the objectives differently.
    /// </summary>
    /// <param name="quantity">What is plotted, for the chart's title (e.g. "relative drop").</param>
    /// <param name="fraction">The task's value in a cell, as a fraction; the chart shows it in percent.</param>
    private static IReadOnlyList<Chart> PerTaskCharts(RobustnessReport report, string kind, string quantity, Func<TaskEffect, double> fraction) =>
        report.TaskOrder.Select((task, i) =>
        {
            var plot = EpsilonLineChart.Build(task, $"{quantity} (%)", ByAttack(report.Cells, c => fraction(c.Tasks[task])), legend: false);
            return new Chart(kind, $"{task}: {quantity} vs epsilon", ChartSvg.Render(plot, ChartSvg.SmallWidth, ChartSvg.SmallHeight, $"{kind}{i}"));
        }).ToList();

    /// <summary>Cells as chart lines: one per algorithm x objective, in the report's order, a point per epsilon.</summary>
    /// <param name="fraction">The value to plot, as a fraction; the line shows it in percent.</param>
    private static IReadOnlyList<EpsilonSeries> ByAttack(IEnumerable<CellReport> cells, Func<CellReport, double> fraction) =>
        cells.GroupBy(c => (c.Algorithm, c.Objective))
            .Select(g => new EpsilonSeries($"{g.Key.Algorithm} x {g.Key.Objective}", g.Key.Objective, g.Key.Algorithm,
                g.Select(c => (c.Epsilon, 100 * fraction(c))).ToList()))
            .ToList();

    /// <summary>
    /// A transfer matrix as a heatmap: rows the task a single-task attack aimed at, columns the task measured, each cell
    /// its relative drop in percent (written on it too, so the colour scale is a guide, not the only reading).
    /// </summary>
    private static Chart TransferChart(TransferMatrix matrix, string idPrefix)
    {
        int n = matrix.Tasks.Count;
        var percent = new double[n, n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
                percent[r, c] = 100 * matrix.RelativeDrop[r][c];

        var plot = ChartSvg.NewPlot();
        var heatmap = plot.Add.Heatmap(percent);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        // Cells centred on integers: column c at x = c, row r at y = n - 1 - r (row 0 is drawn at the top).
        heatmap.Position = new CoordinateRect(0, Math.Max(n - 1, 1e-9), 0, Math.Max(n - 1, 1e-9));
        // Rectangles, not a scaled bitmap: a browser would blur a 3x3-pixel image across the plot.
        heatmap.RenderStrategy = new ScottPlot.Plottables.Heatmap.RenderStrategies.Rectangles();
        heatmap.NaNCellColor = Colors.LightGray;
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                var label = plot.Add.Text(ReportNumbers.Percent(matrix.RelativeDrop[r][c]), c, n - 1 - r);
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontColor = Colors.White;
                label.LabelBackgroundColor = Colors.Black.WithAlpha(0.45);
                label.LabelFontSize = 13;
            }
        plot.Add.ColorBar(heatmap).Label = "relative drop (%)";

        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, matrix.Tasks.ToArray());
        plot.Axes.Left.SetTicks(positions, matrix.Tasks.Reverse().ToArray());
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        string title = $"Transfer: {matrix.Algorithm}, eps {ReportNumbers.Value(matrix.Epsilon)}";
        plot.Title(title);
        plot.XLabel("task measured");
        plot.YLabel("single(TASK) attack aimed at");
        return new Chart(TransferKind, title, ChartSvg.Render(plot, ChartSvg.SmallWidth, ChartSvg.SmallHeight + 40, idPrefix));
    }
}
