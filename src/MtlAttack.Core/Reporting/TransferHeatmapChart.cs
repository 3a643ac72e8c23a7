using MtlAttack.Core.Evaluation;
using ScottPlot;

namespace MtlAttack.Core.Reporting;

/// <summary>
/// A transfer matrix as a heatmap: rows the task a single-task attack aimed at, columns the task measured, each cell
/// its relative drop in percent (written on it too, so the colour scale is a guide, not the only reading).
/// </summary>
public static class TransferHeatmapChart
{
    public const string Kind = "transfer";

    public static IReadOnlyList<Chart> Draw(RobustnessReport report) =>
        report.Transfer.Select((matrix, i) => Draw(matrix, $"{Kind}{i}")).ToList();

    private static Chart Draw(TransferMatrix matrix, string idPrefix)
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
        return new Chart(Kind, title, ChartSvg.Render(plot, ChartSvg.SmallWidth, ChartSvg.SmallHeight + 40, idPrefix));
    }
}
