using MtlAttack.Core.Study;
using ScottPlot;

namespace MtlAttack.Core.Reporting.Study;

/// <summary>
/// Question 1's picture: the single-task attacks' mean drop of the tasks they do not aim at (the transfer matrices'
/// off-diagonal) against the layout's sharing degree, a line per training (clean, adversarial per objective).
/// </summary>
public static class TransferSharingChart
{
    public const string Kind = "study-transfer-sharing";

    public static Chart Draw(TransferAnswer answer)
    {
        var plot = ChartSvg.NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (training, i) in answer.BySharing.Select(p => p.Training).Distinct().Select((t, i) => (t, i)))
        {
            var points = answer.BySharing.Where(p => p.Training == training && double.IsFinite(p.TransferDrop)).OrderBy(p => p.Sharing).ToList();
            if (points.Count == 0) continue;
            var line = plot.Add.Scatter(points.Select(p => p.Sharing).ToArray(), points.Select(p => 100 * p.TransferDrop).ToArray());
            line.LegendText = training;
            line.Color = palette.GetColor(i);
            line.MarkerShape = StudyChartMarkers.For(i);
            line.MarkerSize = 9;
            line.LineWidth = 2;
        }
        const string title = "Transfer of single-task attacks vs sharing degree";
        plot.Title(title);
        plot.XLabel("sharing degree (0 = independent, 1 = fully shared)");
        plot.YLabel("mean drop of the other tasks (%)");
        plot.ShowLegend(Edge.Right);
        return new Chart(Kind, title, ChartSvg.Render(plot, ChartSvg.Width, ChartSvg.Height, Kind));
    }
}
