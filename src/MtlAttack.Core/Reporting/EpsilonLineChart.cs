using ScottPlot;

namespace MtlAttack.Core.Reporting;

/// <summary>One line of an epsilon chart: its legend label, its group for colour and its group for the marker shape.</summary>
public sealed record EpsilonSeries(string Label, string ColorGroup, string MarkerGroup, IReadOnlyList<(double Epsilon, double Percent)> Points);

/// <summary>
/// The shape shared by the per-epsilon charts: a value in percent against epsilon, one line per series. Colour follows
/// the objective and the marker shape the algorithm, so 18 lines stay tellable apart with a 10-colour palette. Not dash
/// patterns: SkiaSharp's SVG canvas drops path effects (every line came out solid) and prints "Unsupported path effect
/// in addPaint." on stderr for each dashed line.
/// </summary>
public static class EpsilonLineChart
{
    private static readonly MarkerShape[] Markers =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
         MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.OpenDiamond];

    /// <param name="legend">False for the small per-task charts: they share the colours and markers of the page's first chart, whose legend names them.</param>
    public static Plot Build(string title, string yLabel, IReadOnlyList<EpsilonSeries> series, bool legend = true)
    {
        var plot = ChartSvg.NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        var colorGroups = series.Select(s => s.ColorGroup).Distinct().ToList();
        var markerGroups = series.Select(s => s.MarkerGroup).Distinct().ToList();
        foreach (var s in series)
        {
            // A NaN has no place on an axis: the point is left out (the table beside the chart says "nan").
            var points = s.Points.Where(p => double.IsFinite(p.Percent)).OrderBy(p => p.Epsilon).ToList();
            if (points.Count == 0) continue;
            var line = plot.Add.Scatter(points.Select(p => p.Epsilon).ToArray(), points.Select(p => p.Percent).ToArray());
            line.LegendText = s.Label;
            line.Color = palette.GetColor(colorGroups.IndexOf(s.ColorGroup));
            line.MarkerShape = Markers[markerGroups.IndexOf(s.MarkerGroup) % Markers.Length];
            line.LineWidth = 2;
            line.MarkerSize = 8;
        }
        var epsilons = series.SelectMany(s => s.Points.Select(p => p.Epsilon)).Distinct().Order().ToArray();
        if (epsilons.Length > 0) plot.Axes.Bottom.SetTicks(epsilons, epsilons.Select(ReportNumbers.Value).ToArray());
        plot.Title(title);
        plot.XLabel("epsilon (of 255)");
        plot.YLabel(yLabel);
        // Outside the data: with a dozen lines an inner legend would hide them.
        if (legend) plot.ShowLegend(Edge.Right);
        else plot.HideLegend();
        return plot;
    }
}
