using MtlAttack.Core.Study;
using ScottPlot;

namespace MtlAttack.Core.Reporting.Study;

/// <summary>
/// Question 3's picture: every model's clean score against its mean drop under the multi-task attacks, a series per
/// training, so the clean and the adversarially trained models can be told apart; each point is labelled with its layout.
/// </summary>
public static class TradeoffChart
{
    public const string Kind = "study-tradeoff";

    public static Chart Draw(TradeoffAnswer answer)
    {
        var plot = ChartSvg.NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (training, i) in answer.Points.Select(p => p.Training).Distinct().Select((t, i) => (t, i)))
        {
            var points = answer.Points.Where(p => p.Training == training && double.IsFinite(p.CleanScore) && double.IsFinite(p.MultiTaskDrop)).ToList();
            if (points.Count == 0) continue;
            var markers = plot.Add.ScatterPoints(points.Select(p => 100 * p.CleanScore).ToArray(), points.Select(p => 100 * p.MultiTaskDrop).ToArray());
            markers.LegendText = training;
            markers.Color = palette.GetColor(i);
            markers.MarkerShape = StudyChartMarkers.For(i);
            markers.MarkerSize = 10;
            foreach (var p in points)
            {
                var label = plot.Add.Text($"#{p.LayoutIndex}", 100 * p.CleanScore, 100 * p.MultiTaskDrop);
                label.LabelFontSize = 11;
                label.LabelFontColor = palette.GetColor(i);
                label.LabelOffsetX = 6;
                label.LabelOffsetY = -6;
            }
        }
        const string title = "Clean score vs drop under multi-task attacks";
        plot.Title(title);
        plot.XLabel("clean score: gap to perfect closed from the trivial baseline (%)");
        plot.YLabel("mean drop under attack (%, lower = more robust)");
        plot.ShowLegend(Edge.Right);
        return new Chart(Kind, title, ChartSvg.Render(plot, ChartSvg.Width, ChartSvg.Height, Kind));
    }
}
